// Training on two threads (products split by output blocks, row passes and optimizer
// pieces in parallel) is deterministic for a thread count and agrees with one thread.
#include "registry/registry_test_support.hpp"

#include <nnplug/model/model.hpp>
#include <nnplug/train/trainer.hpp>
#include <nnplug/train/training_run.hpp>

#include <catch2/catch.hpp>

using namespace nnplug;
using namespace nnplug::registry_testing;

namespace {

// Layers wide enough, and a batch large enough, that every parallel path splits.
std::vector<Matrix> trained_weights(int threads) {
  const Registry registry({plugin_dir()});
  const Json spec = Json::parse(R"({"input_shape": [100], "layers": [
      {"type": "dense", "units": 256, "activation": "relu"},
      {"type": "dropout", "rate": 0.2},
      {"type": "dense", "units": 128, "activation": "tanh"},
      {"type": "dense", "units": 10, "activation": "softmax"}]})");
  Rng rng(3);
  Sequential model = build_model(registry, ConfigSection(spec, "model"), rng);
  Trainer trainer(model, OptimizerRunner::from_config(registry, Json("adam"), "optimizer"),
                  Loss::create("sparse_categorical_crossentropy", "loss"), {});
  Matrix x(600, 100), y(600, 1);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = float(rng.normal());
  for (Eigen::Index i = 0; i < y.rows(); ++i) y(i, 0) = float(rng.below(10));
  FitOptions options;
  options.batch_size = 128;
  options.epochs = 2;
  options.seed = 4;
  set_threads(threads);
  trainer.fit(x, y, options);
  set_threads(1);
  std::vector<Matrix> weights;
  for (const Parameter* p : model.parameters()) weights.push_back(p->value);
  return weights;
}

}  // namespace

TEST_CASE("training on two threads repeats bit for bit and agrees with one thread", "[parallel][e2e]") {
  const auto two = trained_weights(2);
  const auto again = trained_weights(2);
  const auto one = trained_weights(1);
  REQUIRE(two.size() == 6);
  for (std::size_t i = 0; i < two.size(); ++i) {
    INFO("parameter " << i);
    CHECK(two[i] == again[i]);
    // Only the products' last bits differ between thread counts; 10 adam steps keep
    // that far below the size of one update (lr = 1e-3).
    CHECK((two[i] - one[i]).cwiseAbs().maxCoeff() < 1e-4f);
  }
}
