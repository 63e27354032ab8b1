// The runner hands an element-wise optimizer pieces of a parameter (spread over the
// threads) and any other optimizer the whole parameter; the weights must not notice.
#include "registry/registry_test_support.hpp"

#include <nnplug/optimizer/optimizer_runner.hpp>
#include <nnplug/train/training_run.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <mutex>
#include <utility>

using namespace nnplug;
using namespace nnplug::registry_testing;

namespace {

constexpr Eigen::Index large = 50000;  // more than one piece

// Records the sizes it is asked to update; w -= lr * g.
class Recorder final : public Optimizer {
 public:
  explicit Recorder(bool elementwise, std::vector<Eigen::Index>& sizes) : elementwise_(elementwise), sizes_(sizes) {}
  std::vector<Slot> slots(ShapeView) const override { return {{"unused"}}; }
  bool elementwise() const override { return elementwise_; }
  void update(ArrayMap w, ConstArrayMap g, std::span<ArrayMap> slots, const StepContext& step,
              const Variable&) const override {
    const std::lock_guard lock(mutex_);
    sizes_.push_back(w.size());
    REQUIRE(slots.size() == 1);
    REQUIRE(slots[0].size() == w.size());
    w -= step.learning_rate * g;
  }

 private:
  bool elementwise_;
  std::vector<Eigen::Index>& sizes_;
  mutable std::mutex mutex_;
};

Parameter parameter_of(Eigen::Index size) {
  Parameter p;
  p.name = "dense/kernel";
  p.shape = {std::size_t(size)};
  p.value.resize(1, size);
  p.gradient.resize(1, size);
  Rng rng(7);
  for (Eigen::Index i = 0; i < size; ++i) {
    p.value(0, i) = float(rng.uniform(-1.0, 1.0));
    p.gradient(0, i) = float(rng.uniform(-1.0, 1.0));
  }
  return p;
}

std::vector<Eigen::Index> sizes_seen(bool elementwise, int threads) {
  std::vector<Eigen::Index> sizes;
  OptimizerRunner runner(Loaded<Optimizer>::local(std::make_unique<Recorder>(elementwise, sizes), "recorder"), {});
  Parameter p = parameter_of(large);
  std::vector<Parameter*> parameters{&p};
  set_threads(threads);
  runner.apply(parameters);
  set_threads(1);
  std::sort(sizes.begin(), sizes.end());
  return sizes;
}

}  // namespace

TEST_CASE("runner updates an element-wise optimizer piece by piece and any other one whole", "[runner]") {
  for (int threads : {1, 2}) {
    INFO(threads << " threads");
    CHECK(sizes_seen(true, threads) == std::vector<Eigen::Index>{large - 3 * 16384, 16384, 16384, 16384});
    CHECK(sizes_seen(false, threads) == std::vector<Eigen::Index>{large});
  }
}

// The plugin-side rule behind elementwise(): every shipped optimizer that claims it gives,
// updated in pieces on 1 or 2 threads, exactly what its own update gives on whole arrays.
TEST_CASE("every element-wise optimizer updated in pieces equals its update on the whole array", "[runner]") {
  const Registry registry({plugin_dir()});
  std::size_t checked = 0;
  for (const auto& plugin : registry.plugins()) {
    if (plugin.kind != Kind::optimizer) continue;
    for (const bool variant : {false, true}) {
      // The variant switches on the optional state some optimizers have.
      Json params = Json::object();
      if (variant) {
        const Json& properties = plugin.schema["properties"];
        if (properties.contains("amsgrad")) params["amsgrad"] = true;
        else if (properties.contains("momentum")) params["momentum"] = 0.5;
        else if (properties.contains("centered")) params["centered"] = true;
        else continue;
      }
      INFO(plugin.name << " " << params.dump());
      const Loaded<Optimizer> optimizer = registry.create<Optimizer>(plugin.name, params, "test");
      const auto& declared = plugin.schema["properties"];
      const std::optional<double> spec_weight_decay =
          declared.contains("weight_decay") ? std::optional<double>(declared["weight_decay"]["default"].get<double>())
                                            : std::nullopt;
      if (!optimizer.elementwise()) continue;
      // The reference: the plugin's own update on whole arrays, as the core would call it unsplit.
      Parameter whole = parameter_of(large);
      std::vector<Eigen::ArrayXf> slot_arrays;
      for (const auto& slot : optimizer.slots(whole.shape)) {
        REQUIRE((!slot.shape || *slot.shape == whole.shape));  // element-wise: slots have the parameter's shape
        slot_arrays.push_back(Eigen::ArrayXf::Constant(large, slot.initial));
      }
      std::vector<float> globals;
      for (const auto& global : optimizer.globals()) globals.push_back(global.initial);
      std::vector<ArrayMap> slots;
      for (auto& array : slot_arrays) slots.emplace_back(array.data(), array.size());
      for (std::int64_t t = 1; t <= 3; ++t) {
        StepContext step;
        step.learning_rate = 0.001f;
        step.iteration = t;
        optimizer.begin_step(globals, step);
        step.globals = globals;
        // The core's decoupled weight decay (AdamW declares a default), before the update.
        if (spec_weight_decay) flat(whole.value) -= flat(whole.value) * (float(*spec_weight_decay) * step.learning_rate);
        optimizer.update(flat(whole.value), flat(std::as_const(whole.gradient)), slots, step,
                         Variable{whole.name, whole.shape, 0});
      }
      for (int threads : {1, 2}) {
        INFO(threads << " threads");
        Json spec = params;
        spec["name"] = plugin.name;
        spec["learning_rate"] = 0.001;
        auto runner = OptimizerRunner::from_config(registry, spec, "test");
        Parameter pieces = parameter_of(large);
        std::vector<Parameter*> parameters{&pieces};
        set_threads(threads);
        for (int t = 0; t < 3; ++t) runner.apply(parameters);
        set_threads(1);
        CHECK(pieces.value == whole.value);
      }
      ++checked;
    }
  }
  CHECK(checked >= 10);  // sgd, adam, rmsprop, adagrad, adadelta, adamax, nadam, adamw, ftrl, lion and variants
}
