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
  std::ostream* out = &std::cout;                  // progress lines; nullptr for silence
  std::ostream* warnings = &std::cerr;             // skipped and shadowed plugins; nullptr for silence
};

struct TrainResult {
  std::vector<Logs> history;
  std::optional<Logs> test;  // when the config has data.test
  std::filesystem::path output_dir;
};

TrainResult run_training(const TrainRequest& request);


}  // namespace nnplug
