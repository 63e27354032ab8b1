#pragma once
// Everything a run builds from its config before the first batch, and the preflight that
// builds it: `train` stops at the first problem, `check` collects every one.
#include <nnplug/io/data/data.hpp>
#include <nnplug/registry/registry.hpp>
#include <nnplug/train/trainer.hpp>
#include <nnplug/train/training_run.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace nnplug {

struct RunSetup {
  RunSetup() = default;
  RunSetup(const RunSetup&) = delete;  // the trainer refers to the model in here
  RunSetup& operator=(const RunSetup&) = delete;

  Json json;
  std::filesystem::path base;  // relative paths in the config are relative to this
  std::uint64_t seed = 0;
  std::optional<Registry> registry;
  std::optional<Sequential> model;
  std::optional<Trainer> trainer;  // when the model and compile are both usable
  std::vector<Loaded<Callback>> callbacks;
  FitOptions options;
  std::optional<int> verbose;  // fit.verbose; none for "auto"
  std::optional<Dataset> train, validation, test;
  std::filesystem::path output_dir;
  bool weight_stats = false;
  std::vector<std::filesystem::path> inputs;  // every file the run reads, never to be written
  std::vector<std::string> problems;          // what a collecting preflight found
};

// Reads the config, plugins and data and checks all of it and output.dir. With collect
// false the first problem is thrown as an Error; with collect true every independent group
// (config, model, compile, fit, each data split, output) is tried and its problem added to
// setup.problems. Plugin problems (skipped, shadowed) go to request.warnings.
void prepare_run(const TrainRequest& request, bool collect, RunSetup& setup);

}  // namespace nnplug
