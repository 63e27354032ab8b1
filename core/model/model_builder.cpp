// Turns the config's "model" section into a built Sequential.
#include "layers/flatten.hpp"

#include <nnplug/base/names.hpp>
#include <nnplug/base/unknown_name.hpp>
#include <nnplug/config/config_schema.hpp>
#include <nnplug/config/json_pointer.hpp>
#include <nnplug/model/layer_schemas.hpp>
#include <nnplug/model/model.hpp>
#include <nnplug/registry/plugin_reference.hpp>
#include <nnplug/registry/registry.hpp>

#include <optional>
#include <vector>

namespace nnplug {
namespace {

// A layer entry is {"type": "dense", ...} or Keras's {"class_name": "Dense", "config": {...}}.
struct LayerEntry {
  std::string type;  // as written: "Dense"
  std::string type_at;
  ConfigSection options;
};

// The keys Keras's serialisation adds around a layer's config, and inside it, that nnplug ignores.
const std::vector<std::string> keras_entry_keys{"class_name", "config", "module", "registered_name", "build_config"};
const std::vector<std::string> keras_ignored_options{"trainable", "dtype"};

LayerEntry read_entry(const Json& entry, const std::string& where) {
  ConfigSection section(entry, where);
  if (section.has("class_name")) {
    section.allow_only(keras_entry_keys);
    Json options = section.has("config") ? section.section("config").json() : Json::object();
    for (const auto& key : keras_ignored_options) options.erase(key);
    return {section.text("class_name"), section.at("class_name"), ConfigSection(options, section.at("config"))};
  }
  Json options = entry;
  options.erase("type");
  return {section.text("type"), section.at("type"), ConfigSection(options, where)};
}

template <class T>
Loaded<T> plugin_or_empty(const Registry& registry, const ConfigSection& options, const std::string& key) {
  if (!options.has(key)) return {};
  const auto reference = parse_plugin_reference(options.value(key), options.at(key));
  return registry.create<T>(reference.name, reference.params, reference.params_at);
}

template <class T>
Loaded<T> plugin_or_default(const Registry& registry, const ConfigSection& options, const std::string& layer,
                            const std::string& key) {
  if (options.has(key)) return plugin_or_empty<T>(registry, options, key);
  const Json& defaults = registry.defaults();
  if (!defaults.contains(layer) || !defaults[layer].contains(key))
    throw Error(options.at(key) + ": missing (expected a plugin reference; no plugin directory provides a default for " +
                layer + "." + key + " in defaults.json); name one in the config ('nnplug plugins' lists them)");
  const std::string default_at = "defaults.json " + pointer_to(pointer_to("", layer), key);
  const auto reference = parse_plugin_reference(defaults[layer][key], default_at);
  return registry.create<T>(reference.name, reference.params, reference.params_at);
}

Activation activation_of(const ConfigSection& options) {
  if (!options.has("activation")) return {};
  return Activation::parse(options.text("activation"), options.at("activation"));
}

std::unique_ptr<Layer> make_dense(const Registry& registry, const ConfigSection& options, std::string name) {
  DenseOptions dense;
  dense.units = static_cast<std::size_t>(options.integer("units", 1, 1 << 24));
  dense.activation = activation_of(options);
  dense.use_bias = options.boolean("use_bias", true);
  dense.kernel_initializer = plugin_or_default<Initializer>(registry, options, "dense", "kernel_initializer");
  if (dense.use_bias)
    dense.bias_initializer = plugin_or_default<Initializer>(registry, options, "dense", "bias_initializer");
  dense.kernel_regularizer = plugin_or_empty<Regularizer>(registry, options, "kernel_regularizer");
  dense.bias_regularizer = plugin_or_empty<Regularizer>(registry, options, "bias_regularizer");
  dense.activity_regularizer = plugin_or_empty<Regularizer>(registry, options, "activity_regularizer");
  return std::make_unique<Dense>(std::move(name), std::move(dense));
}

std::optional<std::uint64_t> read_seed(const ConfigSection& options) {
  if (!options.has("seed") || options.value("seed").is_null()) return std::nullopt;
  return static_cast<std::uint64_t>(options.integer("seed", 0, INT64_MAX));
}

// Keras's noise_shape, for the (batch, features) inputs nnplug's layers see.
NoiseShape read_noise_shape(const ConfigSection& options) {
  NoiseShape shape;
  if (!options.has("noise_shape") || options.value("noise_shape").is_null()) return shape;
  const std::string where = options.at("noise_shape");
  const Json& value = options.value("noise_shape");  // its form is checked by the layer's schema
  const auto entry = [&](std::size_t axis) -> std::optional<std::int64_t> {
    if (value[axis].is_null()) return std::nullopt;
    return exact_integer(value[axis]);
  };
  if (const auto batch = entry(0)) {
    if (*batch != 1)
      throw Error(pointer_to(where, 0) + ": cannot fit every batch, the last one is smaller (expected null for a draw " +
                  "per sample or 1 for one draw shared by the batch, got " + describe_json(value[0]) + ")");
    shape.per_sample = false;
  }
  if (const auto features = entry(1)) {
    if (*features == 1)
      shape.per_feature = false;
    else
      shape.features = static_cast<std::size_t>(*features);
  }
  return shape;
}

// Present and in range: the layer's schema says so before the layer is made.
double required_number(const ConfigSection& options, const std::string& key) { return options.value(key).get<double>(); }

// A layer constructor's own range errors, placed at the config entry.
template <class MakeLayer>
std::unique_ptr<Layer> constructed_at(const ConfigSection& options, MakeLayer&& make) {
  try {
    return make();
  } catch (const Error& e) {
    throw Error(located(options.where(), e.what()));
  }
}

std::unique_ptr<Layer> make_dropout(const ConfigSection& options, std::string name) {
  const double rate = required_number(options, "rate");
  return std::make_unique<Dropout>(std::move(name), rate, read_seed(options), read_noise_shape(options));
}

std::unique_ptr<Layer> make_alpha_dropout(const ConfigSection& options, std::string name) {
  const double rate = required_number(options, "rate");
  return constructed_at(options, [&] {
    return std::make_unique<AlphaDropout>(std::move(name), rate, read_seed(options), read_noise_shape(options));
  });
}

std::unique_ptr<Layer> make_gaussian_dropout(const ConfigSection& options, std::string name) {
  const double rate = required_number(options, "rate");
  return constructed_at(options, [&] { return std::make_unique<GaussianDropout>(std::move(name), rate, read_seed(options)); });
}

std::unique_ptr<Layer> make_gaussian_noise(const ConfigSection& options, std::string name) {
  const double stddev = required_number(options, "stddev");
  return std::make_unique<GaussianNoise>(std::move(name), stddev, read_seed(options));
}

std::unique_ptr<Layer> make_activation(const ConfigSection& options, std::string name) {
  return std::make_unique<ActivationLayer>(std::move(name), activation_of(options));
}

// Its form is checked by the core config schema (ConfigSection::check_declared).
Shape read_input_shape(const ConfigSection& model) {
  Shape shape;
  for (const auto& dim : model.value("input_shape")) shape.push_back(static_cast<std::size_t>(*exact_integer(dim)));
  return shape;
}

using LayerMaker = std::unique_ptr<Layer> (*)(const Registry&, const ConfigSection& options, const std::string& name);

// Every layer a config can name; a new layer is one entry here. `name` is Keras's
// snake_case class name, also the automatic layer name ("gaussian_dropout_1"); configs may
// spell it as Keras's class name too ("GaussianDropout"). `options` is the JSON Schema of
// the entry's keys: the only list of what the layer accepts.
struct LayerKind {
  std::string name;
  Json options;
  LayerMaker make;
};

// The layers' schemas, built from the pieces they share.
Json options_schema(Json properties, const std::vector<std::string>& required = {}) {
  properties["name"] = {{"type", "string"}, {"description", "default: <type>_<n>"}};
  Json schema = {{"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = required;
  return schema;
}

Json rate_properties(const char* rate_key, bool with_noise_shape) {
  Json properties = {{rate_key, {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
                     {"seed", {{"type", {"integer", "null"}}, {"minimum", 0}}}};
  if (with_noise_shape)
    properties["noise_shape"] = Json::parse(R"({"type": ["array", "null"], "items": {"type": ["integer", "null"],
        "minimum": 1}, "minItems": 2, "maxItems": 2,
        "description": "[batch, features] like [null, 1]: nnplug's layers see (batch, features) inputs"})");
  return properties;
}

Json ref(const char* definition) { return {{"$ref", std::string("#/definitions/") + definition}}; }

Json unsupported() { return {{"type", "null"}, {"description", "not supported by nnplug yet"}}; }

const std::vector<LayerKind>& layer_kinds() {
  static const std::vector<LayerKind> kinds{
      {"dense",
       options_schema({{"units", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1 << 24}}},
                       {"activation", ref("activation")},
                       {"use_bias", {{"type", "boolean"}, {"default", true}}},
                       {"kernel_initializer", ref("initializer")},
                       {"bias_initializer", ref("initializer")},
                       {"kernel_regularizer", ref("regularizer")},
                       {"bias_regularizer", ref("regularizer")},
                       {"activity_regularizer", ref("regularizer")},
                       {"kernel_constraint", unsupported()},
                       {"bias_constraint", unsupported()},
                       {"quantization_config", unsupported()}},
                      {"units"}),
       [](const Registry& registry, const ConfigSection& options, const std::string& name) {
         return make_dense(registry, options, name);
       }},
      {"dropout", options_schema(rate_properties("rate", true), {"rate"}),
       [](const Registry&, const ConfigSection& options, const std::string& name) {
         return make_dropout(options, name);
       }},
      {"alpha_dropout", options_schema(rate_properties("rate", true), {"rate"}),
       [](const Registry&, const ConfigSection& options, const std::string& name) {
         return make_alpha_dropout(options, name);
       }},
      {"gaussian_dropout", options_schema(rate_properties("rate", false), {"rate"}),
       [](const Registry&, const ConfigSection& options, const std::string& name) {
         return make_gaussian_dropout(options, name);
       }},
      {"gaussian_noise", options_schema(rate_properties("stddev", false), {"stddev"}),
       [](const Registry&, const ConfigSection& options, const std::string& name) {
         return make_gaussian_noise(options, name);
       }},
      {"activation", options_schema({{"activation", ref("activation")}}, {"activation"}),
       [](const Registry&, const ConfigSection& options, const std::string& name) {
         return make_activation(options, name);
       }},
      {"flatten", options_schema({{"data_format", {{"type", {"string", "null"}}, {"description", "ignored: samples are flat"}}}}),
       [](const Registry&, const ConfigSection&, const std::string& name) -> std::unique_ptr<Layer> {
         return std::make_unique<Flatten>(name);
       }},
  };
  return kinds;
}

const LayerKind& layer_kind(const LayerEntry& entry) {
  std::vector<std::string> names;
  for (const auto& kind : layer_kinds()) {
    if (fold_name(kind.name) == normalize_name(entry.type)) return kind;
    names.push_back(kind.name);
  }
  throw_unknown_name("layer type", entry.type, entry.type_at, names);
}

std::unique_ptr<Layer> make_layer(const Registry& registry, const LayerKind& kind, const ConfigSection& options,
                                  const std::string& name) {
  const Json& schema = kind.options;
  options.allow_only(declared_keys(schema));
  require_valid(schema, options.json(), options.where(), kind.name);  // "$ref"ed slots are read below
  return kind.make(registry, options, name);
}

}  // namespace

std::vector<LayerSchema> layer_schemas() {
  std::vector<LayerSchema> out;
  for (const auto& kind : layer_kinds()) out.push_back({kind.name, kind.options});
  return out;
}

Sequential build_model(const Registry& registry, const ConfigSection& model_section, Rng& rng) {
  model_section.check_declared();
  Sequential model(read_input_shape(model_section));
  const Json& layers = model_section.value("layers");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerEntry entry = read_entry(layers[i], model_section.at("layers", i));
    const LayerKind& kind = layer_kind(entry);
    const std::string name = entry.options.has("name") ? entry.options.text("name") : model.unique_name(kind.name);
    model.add(make_layer(registry, kind, entry.options, name));
  }
  if (model_section.json()["input_shape"].size() > 1 && model.layers().front()->type() != "flatten")
    throw Error(model_section.at("input_shape") + ": more than one dimension needs a flatten layer first" +
                expected_got("{\"type\": \"flatten\"} as the first layer (Dense works on flat samples)",
                             layers.front()));
  model.build(rng);
  return model;
}

}  // namespace nnplug
