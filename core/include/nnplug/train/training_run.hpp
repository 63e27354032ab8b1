#pragma once
// `nnplug train CONFIG`: everything from the config file to the files in output.dir.
// Also the simplest way to embed nnplug: call run_training from your program.
#include <nnplug/compute/threads.hpp>
#include <nnplug/train/logs.hpp>

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace nnplug {

struct TrainRequest {
  std::filesystem::path config;
  std::vector<std::filesystem::path> plugin_dirs;  // searched before NNPLUG_PLUGIN_PATH and the default
  std::optional<int> threads;                      // overrides the config's "threads"
  // Progress output; nullptr for silence. fit.verbose "auto" (the default) draws the bar
  // only when this is std::cout and standard output is a terminal.
  std::ostream* out = &std::cout;
  std::ostream* warnings = &std::cerr;             // skipped and shadowed plugins; nullptr for silence
  bool overwrite = false;               // replace a previous run in output.dir (else refused)
  bool allow_insecure_plugins = false;  // RegistryOptions::allow_insecure
  // Catch SIGINT and SIGTERM while training (SignalStop): the run then ends after the
  // current batch with the finished epochs saved, and says so in TrainResult.
  bool stop_on_signals = false;
};

// What the run produced, for a program that embeds nnplug: the same numbers as the files
// in output_dir (history.csv, metrics.json), unrounded.
struct TrainResult {
  std::vector<Logs> history;  // one entry per epoch run: loss, metrics, val_ values, learning_rate
  std::optional<Logs> test;   // test_loss, test_<metric>, when the config has data.test
  std::filesystem::path output_dir;
  int interrupted_by = 0;  // the signal that ended training early, 0 when none
  int last_epoch = 0;      // 1-based epoch the weights and history end with (0: nothing saved)
};

// Checks everything before the first batch (see check_training), then trains and writes
// output.dir: weights.npz, history.csv, metrics.json (with data.test) and run.json last.
// The first problem is an Error.
TrainResult run_training(const TrainRequest& request);

// Every check run_training makes before the first batch — config, plugins, data headers
// and shapes of every split, output.dir — without training or writing anything. Returns
// every problem found (each group checked on its own), empty when the run would start.
std::vector<std::string> check_training(const TrainRequest& request);


}  // namespace nnplug
