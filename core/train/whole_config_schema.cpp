#include <nnplug/activations/activation.hpp>
#include <nnplug/base/names.hpp>
#include <nnplug/config/config_schema.hpp>
#include <nnplug/losses/loss.hpp>
#include <nnplug/model/layer_schemas.hpp>
#include <nnplug/optimizer/optimizer_config_schema.hpp>
#include <nnplug/train/whole_config_schema.hpp>

#include <cctype>

namespace nnplug {
namespace {

// "^(?:_*[gG]_*[lL]...)$": every spelling fold_name turns into one of `names`.
std::string folded_pattern(const std::vector<std::string>& names) {
  std::vector<std::string> alternatives;
  for (const auto& name : names) {
    std::string alternative = "_*";
    for (const char c : fold_name(name)) {
      const auto lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const auto upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (std::isalpha(static_cast<unsigned char>(c)))
        alternative += std::string("[") + lower + upper + "]";
      else if (std::isalnum(static_cast<unsigned char>(c)))
        alternative += c;
      else
        alternative += std::string("\\") + c;
      alternative += "_*";
    }
    alternatives.push_back(alternative);
  }
  return "^(?:" + join(alternatives, "|") + ")$";
}

// The names an editor offers, and any spelling the runtime folds to one of them.
Json name_schema(const std::vector<std::string>& names, const std::string& what) {
  return {{"anyOf",
           {{{"enum", names}},
            {{"title", what + " name in another case or with other underscores"},
             {"type", "string"},
             {"pattern", folded_pattern(names)}}}}};
}

std::vector<std::string> names_of(const PluginInfo& plugin) {
  std::vector<std::string> names{plugin.name};
  names.insert(names.end(), plugin.aliases.begin(), plugin.aliases.end());
  return names;
}

// {"name": <plugin name>, <parameters>}: the plugin's schema with "name" required.
Json object_form(const PluginInfo& plugin, Json parameters) {
  parameters["type"] = "object";
  parameters["title"] = plugin.name;
  parameters["properties"]["name"] = name_schema(names_of(plugin), plugin.name);
  parameters["properties"]["class_name"] = false;  // that is the Keras form
  parameters["required"].push_back("name");
  return parameters;
}

// {"class_name": <Keras class name>, "config": {<parameters>}}, where "config" may hold Keras's object name.
Json keras_form(const PluginInfo& plugin, Json parameters) {
  parameters["type"] = "object";
  parameters["properties"]["name"] = {{"type", "string"}, {"description", "Keras's object name; ignored"}};
  return {{"type", "object"},
          {"title", plugin.name + " (Keras form)"},
          {"properties",
           {{"class_name", name_schema(names_of(plugin), plugin.name)},
            {"config", {{"anyOf", {parameters, {{"type", "null"}}}}}},
            {"module", {{"type", "string"}}},
            {"registered_name", {{"type", {"string", "null"}}}}}},
          {"required", {"class_name"}},
          {"additionalProperties", false}};
}

// The three forms of a reference to a plugin of `kind`; `parameters_of` gives the schema of
// the parameters a plugin accepts there.
template <class ParametersOf>
Json plugin_reference_schema(const Registry& registry, Kind kind, bool nullable, ParametersOf&& parameters_of) {
  std::vector<std::string> names;
  Json objects = Json::array(), keras = Json::array();
  for (const auto& plugin : registry.plugins()) {
    if (plugin.kind != kind) continue;
    const auto own = names_of(plugin);
    names.insert(names.end(), own.begin(), own.end());
    objects.push_back(object_form(plugin, parameters_of(plugin)));
    keras.push_back(keras_form(plugin, parameters_of(plugin)));
  }
  const std::string what = kind_name(kind);
  // Without plugins of this kind no reference can work; a layer slot can still be null.
  if (names.empty()) return nullable ? Json{{"type", "null"}, {"description", "no " + what + " plugin was found"}} : Json(false);
  Json name = name_schema(names, what);
  name["title"] = what + " plugin name";
  Json forms = {name,
                {{"title", "{\"name\": <" + what + ">, <parameters>}"}, {"type", "object"}, {"oneOf", objects}},
                {{"title", "{\"class_name\": <" + what + ">, \"config\": {...}}"}, {"type", "object"}, {"oneOf", keras}}};
  if (nullable) forms.push_back({{"type", "null"}});
  return {{"oneOf", forms}};
}

Json layer_schema() {
  Json forms = Json::array();
  for (const auto& layer : layer_schemas()) {
    Json native = layer.options;
    native["title"] = layer.type + " layer";
    native["properties"]["type"] = name_schema({layer.type}, "layer type");
    native["required"].push_back("type");
    forms.push_back(native);

    Json config = layer.options;
    for (const char* ignored : {"trainable", "dtype"}) config["properties"][ignored] = true;
    forms.push_back({{"type", "object"},
                     {"title", layer.type + " layer (Keras form)"},
                     {"properties",
                      {{"class_name", name_schema({layer.type}, "layer type")},
                       {"config", config},
                       {"module", {{"type", "string"}}},
                       {"registered_name", {{"type", {"string", "null"}}}},
                       {"build_config", true}}},
                     {"required", {"class_name"}},
                     {"additionalProperties", false}});
  }
  return {{"oneOf", forms}};
}

Json loss_schema() {
  const Json name = name_schema(Loss::names(), "loss");
  return {{"anyOf",
           {name,
            {{"type", "object"},
             {"title", "{\"name\": <loss>, <options>}"},
             {"properties", {{"name", name}}},
             {"required", {"name"}}}}}};
}

Json activation_schema() {
  auto names = Activation::names();
  names.push_back("None");
  return {{"anyOf", {{{"enum", names}}, {{"type", "null"}}}}};
}

}  // namespace

Json whole_config_schema(const Registry& registry) {
  Json schema = core_config_schema();
  const auto own_parameters = [](const PluginInfo& plugin) { return plugin.schema; };
  Json& definitions = schema["definitions"];
  definitions["layer"] = layer_schema();
  definitions["activation"] = activation_schema();
  definitions["loss"] = loss_schema();
  definitions["metric"] = {{"type", "string"}, {"description", "a metric name like \"accuracy\" or \"mae\""}};
  definitions["initializer"] = plugin_reference_schema(registry, Kind::initializer, true, own_parameters);
  definitions["regularizer"] = plugin_reference_schema(registry, Kind::regularizer, true, own_parameters);
  definitions["callback"] = plugin_reference_schema(registry, Kind::callback, false, own_parameters);
  definitions["schedule"] = plugin_reference_schema(registry, Kind::schedule, false, own_parameters);
  definitions["optimizer"] = plugin_reference_schema(registry, Kind::optimizer, false, [](const PluginInfo& plugin) {
    return optimizer_config_schema(plugin, {{"$ref", "#/definitions/schedule"}});
  });
  return schema;
}

}  // namespace nnplug
