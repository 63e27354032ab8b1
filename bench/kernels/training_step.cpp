// One training step of the Fashion-MNIST MLP through the embedding API, and how much of
// it the plugin calls cost: the number of optimizer-plugin calls a step makes (counted,
// because the core may split a parameter into pieces) times the per-call dispatch cost.
#include "kernels.hpp"

#include <nnplug/model/model.hpp>
#include <nnplug/registry/registry.hpp>
#include <nnplug/train/trainer.hpp>

#include <algorithm>
#include <chrono>
#include <memory>

namespace nnplug::bench {
namespace {

constexpr int step_batch = 64;
constexpr int step_count = 100;
constexpr int step_repeats = 3;

// Forwards every Optimizer call to a loaded plugin and counts them, to learn how many
// plugin calls one training step makes (the core may split a parameter into pieces).
// It must override every virtual of Optimizer, or the runner would see the defaults.
class CountingOptimizer final : public Optimizer {
 public:
  explicit CountingOptimizer(Loaded<Optimizer> inner) : inner_(std::move(inner)) {}
  std::vector<Slot> slots(ShapeView shape) const override { return inner_.slots(shape); }
  std::vector<Slot> globals() const override { return inner_.globals(); }
  void begin_step(std::span<float> globals, const StepContext& step) const override {
    ++other_calls_;
    inner_.begin_step(globals, step);
  }
  void update(ArrayMap value, ConstArrayMap gradient, std::span<ArrayMap> slots, const StepContext& step,
              const Variable& variable) const override {
    ++update_calls_;
    inner_.update(value, gradient, slots, step, variable);
  }
  bool elementwise() const override {
    ++other_calls_;
    return inner_.elementwise();
  }
  long update_calls() const { return update_calls_; }
  long other_calls() const { return other_calls_; }

 private:
  Loaded<Optimizer> inner_;
  mutable long update_calls_ = 0;
  mutable long other_calls_ = 0;
};

// The Fashion-MNIST model of bench/epoch_bench.cpp, on random data of step_count batches.
struct Setup {
  Sequential model;
  Matrix x, y;
};

Setup make_setup(const Registry& registry) {
  const Json spec = Json::parse(R"({"input_shape": [784], "layers": [
      {"type": "dense", "units": 256, "activation": "relu"},
      {"type": "dense", "units": 128, "activation": "relu"},
      {"type": "dense", "units": 10, "activation": "softmax"}]})");
  Rng rng(1);
  Setup setup{build_model(registry, ConfigSection(spec, "model"), rng), {}, {}};
  const Eigen::Index samples = step_batch * step_count;
  setup.x.resize(samples, 784);
  for (Eigen::Index i = 0; i < setup.x.size(); ++i) setup.x.data()[i] = float(rng.uniform());
  setup.y.setZero(samples, 10);
  for (Eigen::Index i = 0; i < samples; ++i) setup.y(i, Eigen::Index(rng.below(10))) = 1.0f;
  return setup;
}

FitOptions fit_options() {
  FitOptions options;
  options.batch_size = step_batch;
  options.epochs = 1;
  options.seed = 2;
  return options;
}

double step_seconds(const Registry& registry) {
  Setup setup = make_setup(registry);
  Trainer trainer(setup.model, OptimizerRunner::from_config(registry, Json("adam"), "optimizer"),
                  Loss::create("categorical_crossentropy", "loss"), {});
  double best = 1e300;
  for (int r = 0; r < step_repeats; ++r) {  // the first fit also allocates every buffer
    const auto start = std::chrono::steady_clock::now();
    trainer.fit(setup.x, setup.y, fit_options());
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best / step_count;
}

struct CallCounts {
  double updates, others;
};

CallCounts plugin_calls_per_step(const Registry& registry) {
  Setup setup = make_setup(registry);
  // The options adam gets from a config ("adam": its defaults), around the counting wrapper.
  const OptimizerOptions options = OptimizerRunner::from_config(registry, Json("adam"), "optimizer").options();
  auto counting = std::make_unique<CountingOptimizer>(registry.create<Optimizer>("adam"));
  const CountingOptimizer& counter = *counting;
  Trainer trainer(setup.model, OptimizerRunner(Loaded<Optimizer>::local(std::move(counting), "adam"), options),
                  Loss::create("categorical_crossentropy", "loss"), {});
  trainer.fit(setup.x, setup.y, fit_options());
  return {double(counter.update_calls()) / step_count, double(counter.other_calls()) / step_count};
}

}  // namespace

void training_step(const Registry& registry, double dispatch_seconds_per_call) {
  const double step = step_seconds(registry);
  const CallCounts calls = plugin_calls_per_step(registry);
  // Schedulers, regularizers and initializers: none in this model's training step.
  const double overhead = (calls.updates + calls.others) * dispatch_seconds_per_call;
  emit({{"section", "training_step"}, {"batch", step_batch}, {"optimizer", "adam"}, {"seconds", step},
        {"update_calls_per_step", calls.updates}, {"other_plugin_calls_per_step", calls.others},
        {"dispatch_seconds_per_step", overhead}, {"dispatch_percent", 100.0 * overhead / step}});
}

}  // namespace nnplug::bench
