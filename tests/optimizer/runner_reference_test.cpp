// The runner's clipping, decay, weight decay and EMA against PyTorch
// (tests/data/reference/optimizer_runner.json, from tools/reference/optimizer_runner.py).
#include "optimizer/runner_test_support.hpp"
#include "registry/registry_test_support.hpp"

#include <catch2/catch.hpp>

using namespace nnplug;
using namespace nnplug::registry_testing;

namespace {

void check_close(const Matrix& actual, const Matrix& expected) {
  REQUIRE(actual.size() == expected.size());
  for (Eigen::Index i = 0; i < actual.size(); ++i) {
    INFO("element " << i);
    CHECK(actual.data()[i] == Approx(expected.data()[i]).margin(2e-6).epsilon(1e-5));
  }
}

Matrix slot_matrix(const OptimizerRunner& runner, const std::string& name, Eigen::Index rows, Eigen::Index cols) {
  for (const auto& array : runner.slot_arrays())
    if (array.name == name) return Eigen::Map<const Matrix>(array.data.data(), rows, cols);
  FAIL("no slot array " << name);
  return {};
}

// Runs every reference case with `optimizer` as the plugin doing plain SGD.
void check_against_reference(const Registry& registry, const std::string& optimizer) {
  const Json reference = load_runner_reference();
  for (const auto& test : reference["cases"]) {
    SECTION(test["name"].get<std::string>()) {
      Json spec = test["params"];
      spec["name"] = optimizer;
      auto runner = OptimizerRunner::from_config(registry, spec, "compile.optimizer");
      Problem problem(reference);
      problem.train(runner, reference["steps"].get<int>());

      const Json& expected = test["expected"];
      check_close(problem.kernel.value, matrix_from(expected["dense/kernel"], 3, 2));
      check_close(problem.bias.value, matrix_from(expected["dense/bias"], 1, 2));
      if (expected.contains("average")) {
        check_close(slot_matrix(runner, "dense/kernel/average", 3, 2), matrix_from(expected["average"]["dense/kernel"], 3, 2));
        check_close(slot_matrix(runner, "dense/bias/average", 1, 2), matrix_from(expected["average"]["dense/bias"], 1, 2));
        runner.finalize_variable_values(problem.parameters);
        check_close(problem.kernel.value, matrix_from(expected["average"]["dense/kernel"], 3, 2));
      }
      CHECK(runner.iterations() == reference["steps"].get<int>());
    }
  }
}

}  // namespace

TEST_CASE("runner matches PyTorch for decay, clipping, weight decay and EMA (fixture SGD)", "[runner]") {
  const Registry registry({fs::path(NNPLUG_TEST_FIXTURE_DIR)});
  check_against_reference(registry, "fixture_sgd");
}

TEST_CASE("runner matches PyTorch for decay, clipping, weight decay and EMA (shipped sgd plugin)", "[runner]") {
  const Registry registry({plugin_dir()});
  REQUIRE(registry.lookup(Kind::optimizer, "sgd"));  // the build makes it; missing is a failure
  check_against_reference(registry, "sgd");
}
