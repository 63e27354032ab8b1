#include <nnplug/base/files.hpp>
#include <nnplug/config/config.hpp>
#include <nnplug/io/data/data.hpp>
#include <nnplug/io/numpy/npz.hpp>
#include <nnplug/registry/plugin_reference.hpp>
#include <nnplug/registry/registry.hpp>
#include <nnplug/train/standard_callbacks.hpp>
#include <nnplug/train/trainer.hpp>
#include <nnplug/train/training_run.hpp>
#include <nnplug/train/weight_stats.hpp>

#include <random>

#include <unistd.h>

namespace nnplug {

namespace {

// A relative data path is read relative to the config file, so configs can travel
// with their data.
std::filesystem::path resolve(const std::filesystem::path& base, const std::string& path) {
  const std::filesystem::path p(path);
  return p.is_absolute() ? p : base / p;
}

Dataset load_source(const ConfigSection& source, const std::filesystem::path& base, double scale) {
  source.allow_only({"format", "images", "labels", "path", "label"});
  std::string format = source.text("format", source.has("images") ? "idx" : "csv");
  Dataset data;
  try {
    if (format == "idx") {
      data = load_idx_pair(resolve(base, source.text("images")), resolve(base, source.text("labels")));
    } else if (format == "csv") {
      data = load_csv(resolve(base, source.text("path")), source.text("label"));
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

std::vector<std::unique_ptr<Metric>> read_metrics(const ConfigSection& compile) {
  std::vector<std::unique_ptr<Metric>> metrics;
  if (!compile.has("metrics")) return metrics;
  const Json& list = compile.value("metrics");
  if (!list.is_array()) throw Error(compile.at("metrics") + ": must be a list like [\"accuracy\"]");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = compile.at("metrics") + "[" + std::to_string(i) + "]";
    if (!list[i].is_string()) throw Error(where + ": must be a metric name like \"accuracy\"");
    metrics.push_back(Metric::create(list[i].get<std::string>(), where));
  }
  return metrics;
}

void add_callbacks(Trainer& trainer, const Registry& registry, const ConfigSection& fit) {
  if (!fit.has("callbacks")) return;
  const Json& list = fit.value("callbacks");
  if (!list.is_array()) throw Error(fit.at("callbacks") + ": must be a list of callbacks");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = fit.at("callbacks") + "[" + std::to_string(i) + "]";
    const auto reference = parse_plugin_reference(list[i], where);
    trainer.add_callback(registry.create<Callback>(reference.name, reference.params, where));
  }
}

// Keras's verbose="auto": the bar when the progress goes to a terminal, else a line per epoch.
int read_verbose(const ConfigSection& fit, bool terminal) {
  if (!fit.has("verbose") || fit.value("verbose") == Json("auto")) return terminal ? 1 : 2;
  if (!fit.value("verbose").is_number_integer())
    throw Error(fit.at("verbose") + ": must be 0 (silent), 1 (progress bar), 2 (a line per epoch) or \"auto\"");
  return int(fit.integer("verbose", 2, 0, 2));
}

bool is_terminal(const std::ostream* out) { return out == &std::cout && isatty(STDOUT_FILENO); }

std::uint64_t read_seed(const ConfigSection& config) {
  if (config.has("seed")) return static_cast<std::uint64_t>(config.integer("seed", 0, INT64_MAX));
  return std::random_device{}();
}

}  // namespace

TrainResult run_training(const TrainRequest& request) {
  const Json json = load_json_file(request.config);
  const ConfigSection config(json, "");
  config.allow_only({"seed", "threads", "data", "model", "compile", "fit", "output"});
  const std::filesystem::path base = request.config.parent_path();
  set_threads(request.threads ? *request.threads : int(config.integer("threads", 1, 1, 1024)));
  const std::uint64_t seed = read_seed(config);

  const Registry registry(Registry::search_path(request.plugin_dirs));
  if (request.warnings)
    for (const auto& problem : registry.problems()) *request.warnings << "nnplug: warning: " << problem << "\n";

  // Build everything that can be wrong in the config before reading large data files.
  const ConfigSection model_section = config.section("model");
  Rng init_rng(seed);
  Sequential model = build_model(registry, model_section, init_rng);
  if (model_section.has("initial_weights")) {
    const auto path = resolve(base, model_section.text("initial_weights"));
    model.set_weights(read_npz(path), path.string());
  }

  const ConfigSection compile = config.section("compile");
  compile.allow_only({"optimizer", "loss", "metrics"});
  if (!compile.has("optimizer"))
    throw Error(compile.at("optimizer") +
                ": missing; name an optimizer plugin ('nnplug plugins --kind optimizer' lists them)");
  if (!compile.has("loss")) throw Error(compile.at("loss") + ": missing; e.g. \"categorical_crossentropy\"");
  Trainer trainer(model, OptimizerRunner::from_config(registry, compile.value("optimizer"), compile.at("optimizer")),
                  Loss::create(compile.value("loss"), compile.at("loss")), read_metrics(compile));

  const ConfigSection fit = config.has("fit") ? config.section("fit") : ConfigSection(Json::object(), "fit");
  fit.allow_only({"epochs", "batch_size", "shuffle", "validation_split", "callbacks", "initial_epoch", "verbose"});
  FitOptions options;
  options.epochs = int(fit.integer("epochs", 1, 1, 1'000'000));
  options.initial_epoch = int(fit.integer("initial_epoch", 0, 0, options.epochs - 1));
  options.batch_size = std::size_t(fit.integer("batch_size", 32, 1, 1 << 24));
  options.shuffle = fit.boolean("shuffle", true);
  options.seed = seed + 1;
  add_callbacks(trainer, registry, fit);

  const ConfigSection data = config.section("data");
  data.allow_only({"train", "test", "validation", "validation_split", "scale"});
  const double scale = data.number("scale", 1.0, 1e-30, 1e30);
  options.validation_split = data.number("validation_split", 0.0, 0.0, 0.999999);
  if (fit.has("validation_split")) {
    if (data.has("validation_split")) throw Error("fit.validation_split: also given as data.validation_split; keep one");
    options.validation_split = fit.number("validation_split", 0.0, 0.0, 0.999999);
  }
  if (options.validation_split > 0 && data.has("validation"))
    throw Error("data.validation: cannot be combined with validation_split; keep one");

  const Dataset train = load_source(data.section("train"), base, scale);
  std::optional<Dataset> validation;
  if (data.has("validation")) validation = load_source(data.section("validation"), base, scale);
  std::optional<Dataset> test;
  if (data.has("test")) test = load_source(data.section("test"), base, scale);

  const ConfigSection output = config.has("output") ? config.section("output") : ConfigSection(Json::object(), "output");
  output.allow_only({"dir", "weight_stats"});
  TrainResult result;
  result.output_dir = output.text("dir", (std::filesystem::path("runs") / request.config.stem()).string());

  options.out = request.out;
  options.verbose = request.out ? read_verbose(fit, is_terminal(request.out)) : 0;
  options.output_dir = result.output_dir;
  trainer.add_callback(std::make_unique<HistoryCsv>(result.output_dir / "history.csv"), "history_csv");
  if (output.boolean("weight_stats", false))
    trainer.add_callback(std::make_unique<WeightStatsCsv>(result.output_dir / "weight_stats.csv", model), "weight_stats");
  if (options.verbose > 0)
    trainer.add_callback(std::make_unique<ProgressLogger>(
                             *request.out, ProgressOptions{.verbose = options.verbose, .terminal = is_terminal(request.out)}),
                         "progress");
  result.history = trainer.fit(train.x, train.y, options, validation ? &validation->x : nullptr,
                               validation ? &validation->y : nullptr);
  write_npz(result.output_dir / "weights.npz", model.weights());

  if (test) {
    Logs scores;
    for (const auto& [key, value] : trainer.evaluate(test->x, test->y, options.batch_size))
      scores.set("test_" + key, value);
    if (request.out) {
      for (const auto& [key, value] : scores) *request.out << key << ": " << format_log_value(value) << "\n";
    }
    Json metrics = Json::object();
    for (const auto& [key, value] : scores) metrics[key] = value;
    write_text_atomically(result.output_dir / "metrics.json", metrics.dump(2) + "\n");
    result.test = std::move(scores);
  }
  return result;
}

}  // namespace nnplug
