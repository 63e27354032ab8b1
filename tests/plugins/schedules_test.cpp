// Every schedule plugin against tests/data/reference/schedules.json, written by
// tools/reference/schedules/generate.py: Keras 3's formulas transcribed into NumPy float64
// (no Keras here to run), PyTorch 1.13's closed forms for the PyTorch schedules, and
// PyTorch's own schedulers stepped once per optimizer step wherever one computes the same
// rate. Plus the parameter combinations no schema can refuse.
#include "plugins/plugin_testing.hpp"

#include <cmath>
#include <cstdint>
#include <set>
#include <string>

namespace {

using nnplug::Json;
using nnplug::Kind;

// Every source computes the plugin's formula in double, in another order of operations:
// PyTorch's chainable schedulers multiply step by step (2e-11 relative after 1e5 steps in
// the file, so 1e-9 leaves room), and near a cosine's zero 1 + cos(x) keeps only absolute
// accuracy, which the absolute term covers (1e-15: nothing a float32 rate could show).
constexpr double relative_tolerance = 1e-9;
constexpr double absolute_tolerance = 1e-15;

auto schedule(const std::string& name, const Json& params) {
  return nnplug::testing::built_plugins().create<nnplug::Schedule>(name, params);
}

// The message of the error creating the schedule raises; fails the test when there is none.
std::string creation_error(const std::string& name, const Json& params) {
  try {
    schedule(name, params);
  } catch (const nnplug::Error& e) {
    return e.what();
  }
  FAIL(name << " accepted " << params.dump());
  return {};
}

}  // namespace

TEST_CASE("every schedule reproduces its reference rates", "[plugins][schedules]") {
  const Json reference = nnplug::testing::reference("schedules.json");
  REQUIRE_FALSE(reference["cases"].empty());
  for (const auto& reference_case : reference["cases"]) {
    const std::string name = reference_case["schedule"];
    INFO(name << " " << reference_case["params"].dump());
    auto rates = schedule(name, reference_case["params"]);
    for (const auto& point : reference_case["points"]) {
      const auto step = point["step"].get<std::int64_t>();
      const double rate = rates.learning_rate(step);
      for (const auto& [source, value] : point["values"].items()) {
        const double expected = value.get<double>();
        INFO("step " << step << ", " << source << ": expected " << expected << ", got " << rate);
        CHECK(std::abs(rate - expected) <= relative_tolerance * std::abs(expected) + absolute_tolerance);
      }
    }
  }
}

TEST_CASE("every schedule plugin has reference cases", "[plugins][schedules]") {
  const Json reference = nnplug::testing::reference("schedules.json");
  std::set<std::string> referenced;
  for (const auto& reference_case : reference["cases"])
    referenced.insert(reference_case["schedule"].get<std::string>());
  std::set<std::string> built;
  for (const auto& plugin : nnplug::testing::built_plugins().plugins()) {
    if (plugin.kind != Kind::schedule) continue;
    built.insert(plugin.name);
    INFO("schedule plugin '" << plugin.name << "' from " << plugin.file);
    CHECK(referenced.count(plugin.name) == 1);
  }
  // The other way round: a referenced schedule that was not built is missing, not skipped.
  for (const auto& name : referenced) {
    INFO(name);
    CHECK(built.count(name) == 1);
  }
}

TEST_CASE("schedules answer to their Keras and PyTorch class names", "[plugins][schedules]") {
  const auto& registry = nnplug::testing::built_plugins();
  for (const auto& [alias, name] : std::vector<std::pair<std::string, std::string>>{
           {"ExponentialDecay", "exponential_decay"}, {"PiecewiseConstantDecay", "piecewise_constant_decay"},
           {"PolynomialDecay", "polynomial_decay"}, {"InverseTimeDecay", "inverse_time_decay"},
           {"CosineDecay", "cosine_decay"}, {"CosineDecayRestarts", "cosine_decay_restarts"},
           {"StepLR", "step_decay"}, {"OneCycleLR", "one_cycle"}, {"CyclicLR", "cyclic"}}) {
    INFO(alias);
    const auto* info = registry.lookup(Kind::schedule, alias);
    REQUIRE(info != nullptr);
    CHECK(info->name == name);
  }
}

TEST_CASE("parameters a schedule cannot work with are errors naming the parameter", "[plugins][schedules]") {
  CHECK_THAT(creation_error("piecewise_constant_decay", Json{{"boundaries", {10, 20}}, {"values", {1.0, 0.5}}}),
             Catch::Contains("'values'"));
  CHECK_THAT(creation_error("piecewise_constant_decay", Json{{"boundaries", {10}}, {"values", {1.0, 0.5, 0.1}}}),
             Catch::Contains("'values'"));
  CHECK_THAT(creation_error("piecewise_constant_decay", Json{{"boundaries", {20, 10}}, {"values", {1.0, 0.5, 0.1}}}),
             Catch::Contains("'boundaries'"));
  CHECK_THAT(creation_error("piecewise_constant_decay", Json{{"boundaries", Json::array()}, {"values", {1.0}}}),
             Catch::Contains("/boundaries:"));
  CHECK_THAT(creation_error("piecewise_constant_decay", Json{{"boundaries", {10}}, {"values", {1.0, -0.5}}}),
             Catch::Contains("/values/1:"));

  const Json decay{{"initial_learning_rate", 0.1}, {"decay_steps", 0}, {"decay_rate", 0.5}};
  CHECK_THAT(creation_error("exponential_decay", decay), Catch::Contains("/decay_steps:"));
  CHECK_THAT(creation_error("inverse_time_decay", decay), Catch::Contains("/decay_steps:"));
  CHECK_THAT(creation_error("polynomial_decay", Json{{"initial_learning_rate", 0.1}, {"decay_steps", 0}}),
             Catch::Contains("/decay_steps:"));
  CHECK_THAT(creation_error("cosine_decay", Json{{"initial_learning_rate", 0.1}, {"decay_steps", 0}}),
             Catch::Contains("/decay_steps:"));
  CHECK_THAT(creation_error("cosine_decay_restarts", Json{{"initial_learning_rate", 0.1}, {"first_decay_steps", 0}}),
             Catch::Contains("/first_decay_steps:"));
  CHECK_THAT(creation_error("step_decay", Json{{"initial_learning_rate", 0.1}, {"step_size", 0}}),
             Catch::Contains("/step_size:"));
  CHECK_THAT(creation_error("one_cycle", Json{{"max_learning_rate", 0.1}, {"total_steps", 0}}),
             Catch::Contains("/total_steps:"));
  // pct_start * total_steps == 1 leaves the warmup no step: PyTorch divides by zero.
  CHECK_THAT(creation_error("one_cycle", Json{{"max_learning_rate", 0.1}, {"total_steps", 4}, {"pct_start", 0.25}}),
             Catch::Contains("'pct_start'"));
}
