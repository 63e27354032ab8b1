// exponential_decay against the Keras 3 table (KERAS_REFERENCE.md 4.1) and PyTorch's
// ExponentialLR/StepLR stepped per batch (tools/reference/plugins.py).
#include "plugins/plugin_testing.hpp"

namespace {

using nnplug::Json;

nnplug::Loaded<nnplug::Scheduler> exponential_decay(const Json& params) {
  return nnplug::testing::built_plugins().create<nnplug::Scheduler>("exponential_decay", params);
}

Json with(Json params, const std::string& key, const Json& value) {
  params[key] = value;
  return params;
}

}  // namespace

TEST_CASE("exponential_decay reproduces Keras's ExponentialDecay table", "[plugins]") {
  const std::vector<std::int64_t> steps{0, 1, 5, 10, 11, 15, 25, 30, 35};
  const std::vector<double> smooth{0.1, 0.0933033, 0.0707107, 0.05, 0.0466516, 0.0353553, 0.0176777, 0.0125, 0.00883883};
  const std::vector<double> stairs{0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.0125, 0.0125};
  const Json params{{"initial_learning_rate", 0.1}, {"decay_steps", 10}, {"decay_rate", 0.5}};
  auto continuous = exponential_decay(params);
  auto staircase = exponential_decay(with(params, "staircase", true));
  for (std::size_t i = 0; i < steps.size(); ++i) {
    INFO("step " << steps[i]);
    CHECK(*continuous->on_batch_begin(steps[i], 1.0) == Approx(smooth[i]).epsilon(1e-5));
    CHECK(*staircase->on_batch_begin(steps[i], 1.0) == Approx(stairs[i]).epsilon(1e-12));
  }
  CHECK(*continuous->on_train_begin(1.0) == Approx(0.1).epsilon(1e-15));
}

TEST_CASE("exponential_decay equals PyTorch's ExponentialLR and StepLR stepped per batch", "[plugins]") {
  const Json reference = nnplug::testing::reference("schedules.json");
  for (const auto& reference_case : reference["cases"]) {
    INFO(reference_case["params"].dump());
    auto scheduler = exponential_decay(reference_case["params"]);
    const auto rates = reference_case["learning_rates"].get<std::vector<double>>();
    for (std::size_t iteration = 0; iteration < rates.size(); ++iteration) {
      INFO("iteration " << iteration);
      // PyTorch multiplies step by step: its rounding error grows a little with the count.
      CHECK(*scheduler->on_batch_begin(std::int64_t(iteration), 123.0) == Approx(rates[iteration]).epsilon(1e-12));
    }
  }
}

TEST_CASE("exponential_decay requires its three parameters", "[plugins]") {
  const Json complete{{"initial_learning_rate", 0.1}, {"decay_steps", 10}, {"decay_rate", 0.5}};
  for (const std::string missing : {"initial_learning_rate", "decay_steps", "decay_rate"}) {
    Json params = complete;
    params.erase(missing);
    INFO(missing);
    try {
      exponential_decay(params);
      FAIL("created without " + missing);
    } catch (const nnplug::Error& e) {
      CHECK(std::string(e.what()).find("'" + missing + "'") != std::string::npos);
    }
  }
  CHECK_THROWS_AS(exponential_decay(with(complete, "decay_steps", 0)), nnplug::Error);
  CHECK_THROWS_AS(exponential_decay(with(complete, "decay_steps", 2.5)), nnplug::Error);
}
