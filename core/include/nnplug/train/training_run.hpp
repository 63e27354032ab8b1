#pragma once
// `nnplug train CONFIG`: everything from the config file to the files in output.dir.
// Also the simplest way to embed nnplug: call run_training from your program.
#include <nnplug/compute/threads.hpp>
#include <nnplug/train/logs.hpp>

#include <filesystem>
#include <iostream>
#include <optional>
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
};

// What the run produced, for a program that embeds nnplug: the same numbers as the files
// in output_dir (history.csv, metrics.json), unrounded.
struct TrainResult {
  std::vector<Logs> history;  // one entry per epoch run: loss, metrics, val_ values, learning_rate
  std::optional<Logs> test;   // test_loss, test_<metric>, when the config has data.test
  std::filesystem::path output_dir;
};

TrainResult run_training(const TrainRequest& request);


}  // namespace nnplug
