// The checks before the first batch, shared by `nnplug train` and `nnplug check`.
#include "run_setup.hpp"

#include <nnplug/config/config.hpp>
#include <nnplug/io/numpy/npz.hpp>
#include <nnplug/registry/plugin_reference.hpp>
#include <nnplug/train/run_directory.hpp>

#include <cmath>
#include <functional>
#include <map>
#include <random>

namespace nnplug {

namespace {

// Runs one group of checks: rethrows in train mode, records the problem in check mode.
class Checks {
 public:
  Checks(bool collect, std::vector<std::string>& problems) : collect_(collect), problems_(problems) {}
  bool attempt(const std::function<void()>& group) {
    if (!collect_) return group(), true;
    try {
      group();
      return true;
    } catch (const Error& e) {
      problems_.emplace_back(e.what());
    } catch (const std::bad_alloc&) {
      problems_.emplace_back("out of memory; use a smaller batch_size, model or data");
    } catch (const std::exception& e) {
      problems_.emplace_back(e.what());
    }
    return false;
  }

 private:
  bool collect_;
  std::vector<std::string>& problems_;
};

// "/fit/callbacks/2" for a JSON-pointer section, "fit.callbacks[2]" for a dotted one.
std::string element(const ConfigSection& section, const std::string& key, std::size_t index) {
  const std::string at = section.at(key);
  return at.rfind('/', 0) == 0 ? at + "/" + std::to_string(index) : at + "[" + std::to_string(index) + "]";
}

ConfigSection optional_section(const ConfigSection& config, const std::string& key) {
  return config.has(key) ? config.section(key) : ConfigSection(Json::object(), key);
}

// A relative data path is read relative to the config file, so configs can travel
// with their data.
std::filesystem::path resolve(const std::filesystem::path& base, const std::string& path) {
  const std::filesystem::path p(path);
  return p.is_absolute() ? p : base / p;
}

// `training_classes` is null for the training split, which defines the classes; the
// other splits map their word labels through it.
Dataset load_source(const ConfigSection& source, RunSetup& setup, double scale,
                    const std::vector<std::string>* training_classes) {
  source.allow_only({"format", "images", "labels", "path", "label"});
  std::string format = source.text("format", source.has("images") ? "idx" : "csv");
  Dataset data;
  try {
    if (format == "idx") {
      const auto images = resolve(setup.base, source.text("images")), labels = resolve(setup.base, source.text("labels"));
      setup.inputs.insert(setup.inputs.end(), {images, labels});
      data = load_idx_pair(images, labels);
    } else if (format == "csv") {
      const auto path = resolve(setup.base, source.text("path"));
      setup.inputs.push_back(path);
      data = training_classes ? load_csv(path, source.text("label"), *training_classes)
                              : load_csv(path, source.text("label"));
    } else {
      throw Error(source.at("format") + ": unknown data format '" + format + "' (known: idx, csv)");
    }
  } catch (const Error& e) {
    const std::string message = e.what();
    if (message.rfind(source.where(), 0) == 0) throw;
    throw Error(source.where() + ": " + message);
  }
  if (scale != 1.0) data.x /= float(scale);
  return data;
}

// What fit and evaluate would refuse after training, refused before it.
// `trainer` is null when compile failed: the targets cannot be checked then, the width can.
void check_split(const Trainer* trainer, const Sequential& model, const Dataset& data, const std::string& where,
                 double validation_split) {
  if (data.x.rows() == 0) throw Error(where + ": has no samples");
  if (std::size_t(data.x.cols()) != model.input_dim())
    throw Error(where + ": samples have " + std::to_string(data.x.cols()) + " features but the model's input_shape needs " +
                std::to_string(model.input_dim()) + "; fix model.input_shape or the data");
  if (validation_split > 0) {
    const auto rows = double(data.x.rows());
    const auto train_rows = std::floor(rows * (1.0 - validation_split));
    if (train_rows <= 0 || train_rows >= rows)
      throw Error(where + ": validation_split " + std::to_string(validation_split) + " of " +
                  std::to_string(data.x.rows()) + " samples leaves an empty training or validation set");
  }
  if (!trainer) return;
  const Matrix targets = trainer->prepare_targets(data.y, where);
  if (targets.rows() != data.x.rows())
    throw Error(where + ": " + std::to_string(data.x.rows()) + " samples but " + std::to_string(targets.rows()) +
                " targets");
}

// A product of dimensions that wraps around 64 bits would build a model of another size,
// and one beyond 2^31 features cannot be allocated; both are config mistakes.
void check_input_size(const ConfigSection& model_section) {
  if (!model_section.has("input_shape") || !model_section.value("input_shape").is_array()) return;
  std::uint64_t features = 1;
  for (const auto& dim : model_section.value("input_shape")) {
    if (!dim.is_number_unsigned()) return;  // build_model explains what a dimension must be
    if (__builtin_mul_overflow(features, dim.get<std::uint64_t>(), &features) || features > (1ull << 31))
      throw Error(model_section.at("input_shape") + ": " + model_section.value("input_shape").dump() +
                  " is more than 2^31 features per sample; give the shape of one sample, e.g. [28, 28]");
  }
}

// weights.npz keys arrays by layer name, so two layers of one name lose one's weights.
void check_layer_names(const Sequential& model, const ConfigSection& model_section) {
  std::map<std::string, std::size_t> first_of;
  for (std::size_t i = 0; i < model.layers().size(); ++i) {
    const auto [taken, inserted] = first_of.emplace(model.layers()[i]->name(), i);
    if (!inserted)
      throw Error(element(model_section, "layers", i) + ": the name '" + taken->first + "' is also layer " +
                  std::to_string(taken->second) + "'s; layer names must be unique (weights.npz keys the weights by "
                  "them), rename one or drop \"name\"");
  }
}

std::vector<std::unique_ptr<Metric>> read_metrics(const ConfigSection& compile) {
  std::vector<std::unique_ptr<Metric>> metrics;
  if (!compile.has("metrics")) return metrics;
  const Json& list = compile.value("metrics");
  if (!list.is_array()) throw Error(compile.at("metrics") + ": must be a list like [\"accuracy\"]");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = element(compile, "metrics", i);
    if (!list[i].is_string()) throw Error(where + ": must be a metric name like \"accuracy\"");
    metrics.push_back(Metric::create(list[i].get<std::string>(), where));
  }
  return metrics;
}

std::vector<Loaded<Callback>> read_callbacks(const Registry& registry, const ConfigSection& fit) {
  std::vector<Loaded<Callback>> callbacks;
  if (!fit.has("callbacks")) return callbacks;
  const Json& list = fit.value("callbacks");
  if (!list.is_array()) throw Error(fit.at("callbacks") + ": must be a list of callbacks");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = element(fit, "callbacks", i);
    const auto reference = parse_plugin_reference(list[i], where);
    callbacks.push_back(registry.create<Callback>(reference.name, reference.params, where));
  }
  return callbacks;
}

std::optional<int> read_verbose(const ConfigSection& fit) {
  if (!fit.has("verbose") || fit.value("verbose") == Json("auto")) return std::nullopt;
  if (!fit.value("verbose").is_number_integer())
    throw Error(fit.at("verbose") + ": must be 0 (silent), 1 (progress bar), 2 (a line per epoch) or \"auto\"");
  return int(fit.integer("verbose", 2, 0, 2));
}

std::uint64_t read_seed(const ConfigSection& config) {
  if (config.has("seed")) return static_cast<std::uint64_t>(config.integer("seed", 0, INT64_MAX));
  return std::random_device{}();
}

// weights.npz and a temporary copy, the histories, and room for the directory entries.
std::uintmax_t bytes_written(const std::optional<Sequential>& model) {
  std::uintmax_t bytes = 1 << 16;
  if (model)
    for (const auto& array : model->weights()) bytes += 2 * (array.data.size() * sizeof(float) + 256);
  return bytes;
}

}  // namespace

void prepare_run(const TrainRequest& request, bool collect, RunSetup& setup) {
  Checks checks(collect, setup.problems);
  // Nothing else can be read without the config itself.
  if (!checks.attempt([&] { setup.json = load_json_file(request.config); })) return;
  setup.inputs.push_back(request.config);
  setup.base = request.config.parent_path();
  const ConfigSection config(setup.json, "");

  checks.attempt([&] {
    config.allow_only({"seed", "threads", "data", "model", "compile", "fit", "output"});
    if (request.threads && (*request.threads < 1 || *request.threads > 1024))
      throw Error("--threads " + std::to_string(*request.threads) + ": must be between 1 and 1024");
    set_threads(request.threads ? *request.threads : int(config.integer("threads", 1, 1, 1024)));
    setup.seed = read_seed(config);
  });

  setup.registry.emplace(Registry::search_path(request.plugin_dirs),
                         RegistryOptions{.allow_insecure = request.allow_insecure_plugins});
  if (request.warnings)
    for (const auto& problem : setup.registry->problems()) *request.warnings << "nnplug: warning: " << problem << "\n";
  const Registry& registry = *setup.registry;

  // The config's own parts first, before reading large data files.
  checks.attempt([&] {
    const ConfigSection model_section = config.section("model");
    check_input_size(model_section);
    Rng init_rng(setup.seed);
    Sequential model = build_model(registry, model_section, init_rng);
    check_layer_names(model, model_section);
    if (model_section.has("initial_weights")) {
      const auto path = resolve(setup.base, model_section.text("initial_weights"));
      setup.inputs.push_back(path);
      model.set_weights(read_npz(path), path.string());
    }
    setup.model.emplace(std::move(model));
  });

  checks.attempt([&] {
    const ConfigSection compile = config.section("compile");
    compile.allow_only({"optimizer", "loss", "metrics"});
    if (!compile.has("optimizer"))
      throw Error(compile.at("optimizer") +
                  ": missing; name an optimizer plugin ('nnplug plugins --kind optimizer' lists them)");
    if (!compile.has("loss")) throw Error(compile.at("loss") + ": missing; e.g. \"categorical_crossentropy\"");
    auto optimizer = OptimizerRunner::from_config(registry, compile.value("optimizer"), compile.at("optimizer"));
    auto loss = Loss::create(compile.value("loss"), compile.at("loss"));
    auto metrics = read_metrics(compile);
    if (setup.model) setup.trainer.emplace(*setup.model, std::move(optimizer), std::move(loss), std::move(metrics));
  });

  const ConfigSection fit = optional_section(config, "fit");
  checks.attempt([&] {
    fit.allow_only({"epochs", "batch_size", "shuffle", "validation_split", "callbacks", "initial_epoch", "verbose"});
    FitOptions& options = setup.options;
    options.epochs = int(fit.integer("epochs", 1, 1, 1'000'000));
    options.initial_epoch = int(fit.integer("initial_epoch", 0, 0, options.epochs - 1));
    options.batch_size = std::size_t(fit.integer("batch_size", 32, 1, 1 << 24));
    options.shuffle = fit.boolean("shuffle", true);
    options.seed = setup.seed + 1;
    setup.verbose = read_verbose(fit);
    setup.callbacks = read_callbacks(registry, fit);
  });

  double scale = 1.0;
  const bool data_usable = checks.attempt([&] {
    const ConfigSection data = config.section("data");
    data.allow_only({"train", "test", "validation", "validation_split", "scale"});
    scale = data.number("scale", 1.0, 1e-30, 1e30);
    setup.options.validation_split = data.number("validation_split", 0.0, 0.0, 0.999999);
    if (fit.has("validation_split")) {
      if (data.has("validation_split"))
        throw Error(fit.at("validation_split") + ": also given as " + data.at("validation_split") + "; keep one");
      setup.options.validation_split = fit.number("validation_split", 0.0, 0.0, 0.999999);
    }
    if (setup.options.validation_split > 0 && data.has("validation"))
      throw Error(data.at("validation") + ": cannot be combined with validation_split; keep one");
    if (!data.has("train")) throw Error(data.at("train") + ": missing; the training data is required");
  });
  if (data_usable) {
    const ConfigSection data = config.section("data");
    const auto load_split = [&](const char* name, std::optional<Dataset>& split, double validation_split) {
      if (!data.has(name)) return;
      checks.attempt([&] {
        const ConfigSection source = data.section(name);
        const bool training = std::string(name) == "train";
        split = load_source(source, setup, scale, training || !setup.train ? nullptr : &setup.train->class_names);
        if (setup.model) check_split(setup.trainer ? &*setup.trainer : nullptr, *setup.model, *split, source.where(), validation_split);
      });
    };
    load_split("train", setup.train, setup.options.validation_split);
    load_split("validation", setup.validation, 0.0);
    load_split("test", setup.test, 0.0);
  }

  checks.attempt([&] {
    const ConfigSection output = optional_section(config, "output");
    output.allow_only({"dir", "weight_stats"});
    setup.output_dir = output.text("dir", (std::filesystem::path("runs") / request.config.stem()).string());
    setup.weight_stats = output.boolean("weight_stats", false);
    const RunDirectory directory(setup.output_dir);
    directory.check_usable();
    directory.check_not_inputs(setup.inputs);
    directory.check_no_previous_run(request.overwrite);
    directory.check_space(bytes_written(setup.model));
  });
}

std::vector<std::string> check_training(const TrainRequest& request) {
  RunSetup setup;
  prepare_run(request, true, setup);
  return std::move(setup.problems);
}

}  // namespace nnplug
