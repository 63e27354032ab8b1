// Turns the config's "model" section into a built Sequential.
#include "layers/flatten.hpp"

#include <nnplug/base/names.hpp>
#include <nnplug/base/unknown_name.hpp>
#include <nnplug/model/model.hpp>
#include <nnplug/registry/plugin_reference.hpp>
#include <nnplug/registry/registry.hpp>

#include <optional>
#include <vector>

namespace nnplug {
namespace {

// A layer entry is {"type": "dense", ...} or Keras's {"class_name": "Dense", "config": {...}}.
struct LayerEntry {
  std::string type;  // normalised: "dense"
  ConfigSection options;
};

LayerEntry read_entry(const Json& entry, const std::string& where) {
  ConfigSection section(entry, where);
  if (section.has("class_name")) {
    section.allow_only({"class_name", "config", "module", "registered_name", "build_config"});
    Json options = section.has("config") ? section.section("config").json() : Json::object();
    options.erase("trainable");
    options.erase("dtype");
    return {normalize_name(section.text("class_name")), ConfigSection(options, section.at("config"))};
  }
  Json options = entry;
  options.erase("type");
  return {normalize_name(section.text("type")), ConfigSection(options, where)};
}

template <class T>
Loaded<T> plugin_or_empty(const Registry& registry, const ConfigSection& options, const std::string& key) {
  if (!options.has(key)) return {};
  const auto reference = parse_plugin_reference(options.value(key), options.at(key));
  return registry.create<T>(reference.name, reference.params, options.at(key));
}

template <class T>
Loaded<T> plugin_or_default(const Registry& registry, const ConfigSection& options, const std::string& layer,
                            const std::string& key) {
  if (options.has(key)) return plugin_or_empty<T>(registry, options, key);
  const Json& defaults = registry.defaults();
  if (!defaults.contains(layer) || !defaults[layer].contains(key))
    throw Error(options.at(key) + ": not set, and no plugin directory provides a default for " + layer + "." + key +
                " (defaults.json); name one in the config ('nnplug plugins' lists them)");
  const auto reference = parse_plugin_reference(defaults[layer][key], "defaults.json: " + layer + "." + key);
  return registry.create<T>(reference.name, reference.params, options.at(key) + " (default)");
}

Activation activation_of(const ConfigSection& options) {
  if (!options.has("activation")) return {};
  return Activation::parse(options.text("activation"), options.at("activation"));
}

std::unique_ptr<Layer> make_dense(const Registry& registry, const ConfigSection& options, std::string name) {
  options.allow_only({"name", "units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
                      "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                      "bias_constraint", "quantization_config"});
  for (const char* unsupported : {"kernel_constraint", "bias_constraint", "quantization_config"})
    if (options.has(unsupported)) throw Error(options.at(unsupported) + ": not supported by nnplug yet; remove it");
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
  const Json& value = options.value("noise_shape");
  if (!value.is_array() || value.size() != 2)
    throw Error(where + ": must be [batch, features] like [null, 1] (nnplug's layers see (batch, features) inputs), got " +
                describe_json(value));
  const auto entry = [&](std::size_t axis) -> std::optional<std::int64_t> {
    if (value[axis].is_null()) return std::nullopt;
    const auto extent = exact_integer(value[axis]);
    if (!extent || *extent < 1)
      throw Error(where + "[" + std::to_string(axis) + "]: must be null or a positive integer, got " +
                  describe_json(value[axis]));
    return extent;
  };
  if (const auto batch = entry(0)) {
    if (*batch != 1)
      throw Error(where + "[0]: " + std::to_string(*batch) + " cannot fit every batch (the last one is smaller); use " +
                  "null (a draw per sample) or 1 (one draw shared by the batch)");
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

double required_number(const ConfigSection& options, const std::string& key, const std::string& layer_class) {
  if (!options.has(key)) throw Error(options.at(key) + ": missing; " + layer_class + " needs a " + key + " in [0, 1]");
  return options.number(key, 0.0, 0.0, 1.0);
}

// A layer constructor's own range errors, placed at the config entry.
template <class MakeLayer>
std::unique_ptr<Layer> constructed_at(const ConfigSection& options, MakeLayer&& make) {
  try {
    return make();
  } catch (const Error& e) {
    throw Error(options.where() + ": " + e.what());
  }
}

std::unique_ptr<Layer> make_dropout(const ConfigSection& options, std::string name) {
  options.allow_only({"name", "rate", "seed", "noise_shape"});
  const double rate = required_number(options, "rate", "Dropout");
  return std::make_unique<Dropout>(std::move(name), rate, read_seed(options), read_noise_shape(options));
}

std::unique_ptr<Layer> make_alpha_dropout(const ConfigSection& options, std::string name) {
  options.allow_only({"name", "rate", "seed", "noise_shape"});
  const double rate = required_number(options, "rate", "AlphaDropout");
  return constructed_at(options, [&] {
    return std::make_unique<AlphaDropout>(std::move(name), rate, read_seed(options), read_noise_shape(options));
  });
}

std::unique_ptr<Layer> make_gaussian_dropout(const ConfigSection& options, std::string name) {
  options.allow_only({"name", "rate", "seed"});
  const double rate = required_number(options, "rate", "GaussianDropout");
  return constructed_at(options, [&] { return std::make_unique<GaussianDropout>(std::move(name), rate, read_seed(options)); });
}

std::unique_ptr<Layer> make_gaussian_noise(const ConfigSection& options, std::string name) {
  options.allow_only({"name", "stddev", "seed"});
  const double stddev = required_number(options, "stddev", "GaussianNoise");
  return std::make_unique<GaussianNoise>(std::move(name), stddev, read_seed(options));
}

std::unique_ptr<Layer> make_activation(const ConfigSection& options, std::string name) {
  options.allow_only({"name", "activation"});
  if (!options.has("activation")) throw Error(options.at("activation") + ": missing; name an activation like \"relu\"");
  return std::make_unique<ActivationLayer>(std::move(name), activation_of(options));
}

Shape read_input_shape(const ConfigSection& model) {
  const Json& value = model.value("input_shape");
  const auto wrong = [&] {
    return Error(model.at("input_shape") + ": must be a list of positive integers like [784], got " +
                 describe_json(value));
  };
  if (!value.is_array() || value.empty()) throw wrong();
  Shape shape;
  for (const auto& dim : value) {
    const auto extent = exact_integer(dim);
    if (!extent || *extent < 1) throw wrong();
    shape.push_back(static_cast<std::size_t>(*extent));
  }
  return shape;
}

using LayerMaker = std::unique_ptr<Layer> (*)(const Registry&, const ConfigSection& options, const std::string& name);

// Every layer a config can name; a new layer is one entry here. `name` is Keras's
// snake_case class name, also the automatic layer name ("gaussian_dropout_1"); configs may
// spell it as Keras's class name too ("GaussianDropout").
struct LayerKind {
  std::string name;
  LayerMaker make;
};

const std::vector<LayerKind>& layer_kinds() {
  static const std::vector<LayerKind> kinds{
      {"dense", [](const Registry& registry, const ConfigSection& options, const std::string& name) {
         return make_dense(registry, options, name);
       }},
      {"dropout", [](const Registry&, const ConfigSection& options, const std::string& name) {
         return make_dropout(options, name);
       }},
      {"alpha_dropout", [](const Registry&, const ConfigSection& options, const std::string& name) {
         return make_alpha_dropout(options, name);
       }},
      {"gaussian_dropout", [](const Registry&, const ConfigSection& options, const std::string& name) {
         return make_gaussian_dropout(options, name);
       }},
      {"gaussian_noise", [](const Registry&, const ConfigSection& options, const std::string& name) {
         return make_gaussian_noise(options, name);
       }},
      {"activation", [](const Registry&, const ConfigSection& options, const std::string& name) {
         return make_activation(options, name);
       }},
      {"flatten", [](const Registry&, const ConfigSection& options, const std::string& name) -> std::unique_ptr<Layer> {
         options.allow_only({"name", "data_format"});
         return std::make_unique<Flatten>(name);
       }},
  };
  return kinds;
}

const LayerKind& layer_kind(const std::string& folded_type, const std::string& where) {
  std::vector<std::string> names;
  for (const auto& kind : layer_kinds()) {
    if (fold_name(kind.name) == folded_type) return kind;
    names.push_back(kind.name);
  }
  throw_unknown_name("layer type", folded_type, where + ".type", names);
}

}  // namespace

Sequential build_model(const Registry& registry, const ConfigSection& model_section, Rng& rng) {
  model_section.allow_only({"input_shape", "layers", "initial_weights", "name"});
  Sequential model(read_input_shape(model_section));
  const Json& layers = model_section.value("layers");
  if (!layers.is_array() || layers.empty())
    throw Error(model_section.at("layers") + ": must be a non-empty list of layers");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const std::string where = model_section.at("layers") + "[" + std::to_string(i) + "]";
    auto [type, options] = read_entry(layers[i], where);
    const LayerKind& kind = layer_kind(type, where);
    const std::string name = options.has("name") ? options.text("name") : model.unique_name(kind.name);
    model.add(kind.make(registry, options, name));
  }
  if (model_section.json()["input_shape"].size() > 1 && model.layers().front()->type() != "flatten")
    throw Error(model_section.at("input_shape") +
                ": has more than one dimension; start the layers with {\"type\": \"flatten\"} (Dense works on flat "
                "samples)");
  model.build(rng);
  return model;
}

}  // namespace nnplug
