// Reading Keras's base-optimizer options out of a config's optimizer parameters.
#include <nnplug/base/names.hpp>
#include <nnplug/config/checked_params.hpp>
#include <nnplug/config/config_schema.hpp>
#include <nnplug/config/json_pointer.hpp>
#include <nnplug/optimizer/optimizer_config_schema.hpp>
#include <nnplug/optimizer/optimizer_runner.hpp>
#include <nnplug/registry/plugin_reference.hpp>

#include <array>

namespace nnplug {

// The options the core applies for every optimizer, as a schema so that type and range
// errors read like every other parameter error (and `nnplug describe` can list them).
const Json& base_optimizer_schema() {
  static const Json schema = Json::parse(R"json({"type": "object", "properties": {
    "decay": {"type": ["number", "null"], "minimum": 0, "default": null,
              "description": "Keras 2 legacy decay: lr / (1 + decay * iterations)"},
    "clipnorm": {"type": ["number", "null"], "exclusiveMinimum": 0, "default": null,
                 "description": "rescale each gradient tensor to at most this L2 norm"},
    "global_clipnorm": {"type": ["number", "null"], "exclusiveMinimum": 0, "default": null,
                        "description": "rescale all gradients together to at most this L2 norm"},
    "clipvalue": {"type": ["number", "null"], "exclusiveMinimum": 0, "default": null,
                  "description": "clip every gradient element to [-clipvalue, clipvalue]"},
    "weight_decay": {"type": ["number", "null"], "minimum": 0, "default": null,
                     "description": "decoupled weight decay: w -= w * weight_decay * lr before each update"},
    "use_ema": {"type": "boolean", "default": false,
                "description": "keep an exponential moving average of the weights; it replaces them when fit ends"},
    "ema_momentum": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.99,
                     "description": "momentum of that moving average"},
    "ema_overwrite_frequency": {"type": ["integer", "null"], "minimum": 1, "default": null,
                                "description": "copy the averages into the weights every this many steps"}}})json");
  return schema;
}

namespace {

// Keras serialises these as null; nnplug does not implement them.
constexpr std::array<const char*, 2> unsupported_keys{"loss_scale_factor", "gradient_accumulation_steps"};

bool declares(const PluginInfo& plugin, const std::string& key) {
  return plugin.schema.contains("properties") && plugin.schema["properties"].contains(key);
}

// The core's own keys besides base_optimizer_schema's: Keras 2's spelling of the rate.
const std::vector<std::string> legacy_keys{"lr"};

// A key that is neither the plugin's nor a core option: the nearest of both, and both lists,
// since a misspelled core option ("clip_norm") is as likely as a misspelled parameter.
void refuse_unknown_keys(const PluginInfo& plugin, const Json& plugin_values, std::string_view where) {
  if (!plugin.schema.contains("additionalProperties") || plugin.schema["additionalProperties"] != false) return;
  const auto own = declared_keys(plugin.schema);
  auto core = declared_keys(base_optimizer_schema());
  core.insert(core.end(), legacy_keys.begin(), legacy_keys.end());
  for (const auto& [key, value] : plugin_values.items()) {
    if (declares(plugin, key)) continue;
    auto known = own;
    known.insert(known.end(), core.begin(), core.end());
    throw Error(pointer_to(where, key) + ": " + plugin.name + ": unknown parameter (expected one of " + join(own, ", ") +
                "; or an option the core applies to every optimizer: " + join(core, ", ") + ")" +
                did_you_mean(key, known));
  }
}

std::optional<double> optional_number(const Json& value) {
  return value.is_null() ? std::nullopt : std::optional<double>(value.get<double>());
}

}  // namespace

Json optimizer_config_schema(const PluginInfo& plugin, const Json& schedule) {
  Json schema = plugin.schema;
  Json& properties = schema["properties"];
  for (const auto& [key, spec] : base_optimizer_schema()["properties"].items())
    if (!properties.contains(key)) properties[key] = spec;
  const Json rate = properties["learning_rate"];
  Json legacy_rate = rate;
  legacy_rate.erase("default");
  for (const auto& key : legacy_keys)
    if (!properties.contains(key)) properties[key] = legacy_rate;
  properties["learning_rate"] = {{"anyOf", {rate, schedule}}};
  for (const char* key : unsupported_keys)
    if (!properties.contains(key)) properties[key] = {{"type", "null"}, {"description", "not supported by nnplug"}};
  return schema;
}

OptimizerConfig split_optimizer_config(const PluginInfo& plugin, const Json& params, std::string_view where) {
  if (!params.is_object())
    throw Error(located(where, "optimizer parameters are not a JSON object (expected an object, got " +
                                   describe_json(params) + ")"));
  if (!declares(plugin, "learning_rate"))
    throw Error(located(where, "optimizer plugin '" + plugin.name + "' (" + plugin.file.string() +
                                   ") declares no 'learning_rate' parameter; every optimizer plugin must declare "
                                   "it in its schema with its Keras default"));
  Json plugin_values = params;
  if (plugin_values.contains("lr") && !declares(plugin, "lr")) {
    if (plugin_values.contains("learning_rate") && !plugin_values["learning_rate"].is_null())
      throw Error(pointer_to(where, "lr") + ": given together with learning_rate (expected only one of "
                                            "learning_rate and its Keras 2 spelling lr, got " +
                  describe_json(plugin_values["lr"]) + "); keep learning_rate");
    plugin_values["learning_rate"] = plugin_values["lr"];
    plugin_values.erase("lr");
  }
  // A plugin reference as the rate is Keras's LearningRateSchedule; the plugin then keeps
  // its default (it never reads the rate anyway).
  std::optional<PluginReference> schedule;
  if (plugin_values.contains("learning_rate") && plugin_values["learning_rate"].is_object()) {
    schedule = parse_plugin_reference(plugin_values["learning_rate"], pointer_to(where, "learning_rate"));
    plugin_values.erase("learning_rate");
  }
  for (const char* key : unsupported_keys) {
    if (!plugin_values.contains(key) || declares(plugin, key)) continue;
    if (!plugin_values[key].is_null())
      throw Error(pointer_to(where, key) + ": not supported by nnplug (expected null or no key, got " +
                  describe_json(plugin_values[key]) + ")");
    plugin_values.erase(key);
  }
  Json base_values = Json::object();
  for (const auto& [key, spec] : base_optimizer_schema()["properties"].items()) {
    if (declares(plugin, key) || !plugin_values.contains(key)) continue;
    base_values[key] = plugin_values[key];
    plugin_values.erase(key);
  }

  refuse_unknown_keys(plugin, plugin_values, where);
  const Params resolved = checked_params(plugin.name, plugin.schema, plugin_values, where);
  const Params base = checked_params(plugin.name, base_optimizer_schema(), base_values, where);
  const auto value = [&](const std::string& key) -> const Json& {
    return declares(plugin, key) ? resolved.values()[key] : base.values()[key];
  };

  OptimizerConfig config;
  config.plugin_params = std::move(plugin_values);
  config.schedule = std::move(schedule);
  OptimizerOptions& options = config.options;
  options.learning_rate = resolved.number("learning_rate");
  options.decay = optional_number(value("decay")).value_or(0.0);
  options.clipnorm = optional_number(value("clipnorm"));
  options.global_clipnorm = optional_number(value("global_clipnorm"));
  options.clipvalue = optional_number(value("clipvalue"));
  options.weight_decay = optional_number(value("weight_decay"));
  options.use_ema = value("use_ema").get<bool>();
  options.ema_momentum = value("ema_momentum").get<double>();
  if (!value("ema_overwrite_frequency").is_null())
    options.ema_overwrite_frequency = value("ema_overwrite_frequency").get<std::int64_t>();
  const int clippings = int(options.clipnorm.has_value()) + int(options.global_clipnorm.has_value()) +
                        int(options.clipvalue.has_value());
  if (clippings > 1)
    throw Error(located(where, "more than one gradient clipping option (expected at most one of clipnorm, "
                               "global_clipnorm and clipvalue, as in Keras, got " +
                                   describe_json(params) + "); keep one"));
  return config;
}

}  // namespace nnplug
