// The training step's promise: once the optimizer has built its slots, apply()
// allocates nothing (counted by support/allocation_counter's malloc replacement).
#include "optimizer/runner_test_support.hpp"
#include "registry/registry_test_support.hpp"
#include "support/allocation_counter.hpp"

#include <catch2/catch.hpp>

using namespace nnplug;
using namespace nnplug::registry_testing;
using nnplug::testing::allocations_in;

namespace {

void check_steps_allocate_nothing(const Registry& registry, const Json& spec) {
  INFO(spec.dump());
  auto runner = OptimizerRunner::from_config(registry, spec, "compile.optimizer");
  const Json reference = load_runner_reference();
  Problem problem(reference);
  problem.backward();
  CHECK(allocations_in([&] { runner.apply(problem.parameters); }) > 0);  // the counter does see allocations
  problem.backward();
  CHECK(allocations_in([&] {
          for (int i = 0; i < 10; ++i) runner.apply(problem.parameters);
        }) == 0);
}

}  // namespace

TEST_CASE("optimizer runner allocates nothing after its first step", "[runner]") {
  const Registry registry({fs::path(NNPLUG_TEST_FIXTURE_DIR)});
  for (const Json& options : {Json::object(), Json{{"clipnorm", 1.0}, {"decay", 0.1}, {"weight_decay", 0.01}},
                              Json{{"global_clipnorm", 1.0}, {"use_ema", true}, {"ema_overwrite_frequency", 3}},
                              Json{{"clipvalue", 0.2}}}) {
    Json spec = options;
    spec["name"] = "fixture_sgd";
    check_steps_allocate_nothing(registry, spec);
  }
  // Every shipped optimizer, the per-tensor ones (Lamb, Adafactor) included.
  const Registry shipped({plugin_dir()});
  std::size_t checked = 0;
  for (const auto& plugin : shipped.plugins()) {
    if (plugin.kind != Kind::optimizer) continue;
    INFO(plugin.name);
    check_steps_allocate_nothing(shipped, Json{{"name", plugin.name}, {"clipnorm", 1.0}});
    ++checked;
  }
  CHECK(checked >= 12);
}
