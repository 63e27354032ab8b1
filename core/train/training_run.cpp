#include <nnplug/base/files.hpp>
#include <nnplug/io/numpy/npz.hpp>
#include <nnplug/train/interrupt.hpp>
#include <nnplug/train/run_directory.hpp>
#include <nnplug/train/standard_callbacks.hpp>
#include <nnplug/train/training_run.hpp>
#include <nnplug/train/weight_stats.hpp>

#include "run_setup.hpp"

#include <unistd.h>

namespace nnplug {

namespace {

bool is_terminal(const std::ostream* out) { return out == &std::cout && isatty(STDOUT_FILENO); }

// Keras's verbose="auto": the bar when the progress goes to a terminal, else a line per epoch.
int verbose_of(const RunSetup& setup, const std::ostream* out) {
  if (!out) return 0;
  return setup.verbose ? *setup.verbose : is_terminal(out) ? 1 : 2;
}

Logs evaluate_test(Trainer& trainer, const Dataset& test, std::size_t batch_size) {
  Logs scores;
  for (const auto& [key, value] : trainer.evaluate(test.x, test.y, batch_size)) scores.set("test_" + key, value);
  return scores;
}

}  // namespace

TrainResult run_training(const TrainRequest& request) {
  RunSetup setup;
  prepare_run(request, false, setup);
  Trainer& trainer = *setup.trainer;
  Sequential& model = *setup.model;
  FitOptions& options = setup.options;

  TrainResult result;
  result.output_dir = setup.output_dir;
  const RunDirectory directory(setup.output_dir);
  std::optional<SignalStop> signals;
  if (request.stop_on_signals) signals.emplace();
  directory.prepare(request.overwrite);

  options.out = request.out;
  options.verbose = verbose_of(setup, request.out);
  options.output_dir = result.output_dir;
  for (auto& callback : setup.callbacks) trainer.add_callback(std::move(callback));
  InterruptState interrupt;
  if (signals) trainer.add_callback(std::make_unique<StopOnSignal>(interrupt), "stop_on_signal");
  std::vector<std::string> files;
  // Files rewritten every epoch hold finished epochs only, like the weights.
  const auto record = [&](const std::string& file, const std::string& name, std::unique_ptr<Callback> writer) {
    trainer.add_callback(std::make_unique<FinishedEpochsOnly>(std::move(writer), interrupt), name);
    files.push_back(file);
  };
  record("history.csv", "history_csv", std::make_unique<HistoryCsv>(result.output_dir / "history.csv"));
  if (setup.weight_stats)
    record("weight_stats.csv", "weight_stats",
           std::make_unique<WeightStatsCsv>(result.output_dir / "weight_stats.csv", model));
  if (options.verbose > 0)
    trainer.add_callback(std::make_unique<ProgressLogger>(
                             *request.out, ProgressOptions{.verbose = options.verbose, .terminal = is_terminal(request.out)}),
                         "progress");

  const Matrix* validation_x = setup.validation ? &setup.validation->x : nullptr;
  const Matrix* validation_y = setup.validation ? &setup.validation->y : nullptr;
  result.history = trainer.fit(setup.train->x, setup.train->y, options, validation_x, validation_y);
  if (interrupt.cut_short && !result.history.empty()) result.history.pop_back();
  result.interrupted_by = signals ? SignalStop::received() : 0;
  result.last_epoch = options.initial_epoch + int(result.history.size());
  // An interrupted run that finished no epoch has nothing worth keeping.
  if (result.history.empty()) return result;

  write_npz(result.output_dir / "weights.npz", model.weights());
  files.insert(files.begin(), "weights.npz");
  if (setup.test && !result.interrupted_by) {
    result.test = evaluate_test(trainer, *setup.test, options.batch_size);
    if (request.out)
      for (const auto& [key, value] : *result.test) *request.out << key << ": " << format_log_value(value) << "\n";
    Json metrics = Json::object();
    for (const auto& [key, value] : *result.test) metrics[key] = value;
    write_text_atomically(result.output_dir / "metrics.json", metrics.dump(2) + "\n");
    files.push_back("metrics.json");
  }
  directory.write_manifest(result.interrupted_by ? "interrupted" : "complete", result.last_epoch, files,
                           setup.train->class_names);
  return result;
}

}  // namespace nnplug
