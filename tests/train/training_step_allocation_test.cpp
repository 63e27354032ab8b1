// The training step's promise: after the first epoch has seen both batch sizes (the full
// one and the smaller last one), forward, loss, backward and the optimizer step allocate
// nothing. Counted by support/allocation_counter's malloc replacement.
#include "support/allocation_counter.hpp"

#include <nnplug/train/trainer.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace nnplug;

namespace {

// Marks where epoch 2's steps begin (the callback) and end (the last parameter update).
struct StepMarks {
  bool in_second_epoch = false;
  long epoch_begin = -1;
  long last_update = -1;
  long updates = 0;
};

// Adam (Keras's update) with the first and second moments as the core's slots.
class MarkingAdam final : public Optimizer {
 public:
  explicit MarkingAdam(StepMarks& marks) : marks_(marks) {}
  std::vector<Slot> slots(ShapeView) const override { return {{"momentum"}, {"velocity"}}; }
  void update(ArrayMap w, ConstArrayMap g, std::span<ArrayMap> slots, const StepContext& step,
              const Variable&) const override {
    const float t = float(step.iteration);
    const float corrected = step.learning_rate * std::sqrt(1.0f - std::pow(0.999f, t)) / (1.0f - std::pow(0.9f, t));
    slots[0] += (g - slots[0]) * 0.1f;
    slots[1] += (g.square() - slots[1]) * 0.001f;
    w -= corrected * slots[0] / (slots[1].sqrt() + 1e-7f);
    if (marks_.in_second_epoch) {
      marks_.last_update = testing::allocations_so_far();
      ++marks_.updates;
    }
  }

 private:
  StepMarks& marks_;
};

class MarkSecondEpoch final : public Callback {
 public:
  explicit MarkSecondEpoch(StepMarks& marks) : marks_(marks) {}
  void on_epoch_begin(int epoch, CallbackContext&) override {
    marks_.in_second_epoch = epoch == 1;
    if (marks_.in_second_epoch) marks_.epoch_begin = testing::allocations_so_far();
  }

 private:
  StepMarks& marks_;
};

class Uniform final : public Initializer {
 public:
  void fill(ArrayMap values, ShapeView, Rng& rng) const override {
    for (auto& v : values) v = float(rng.uniform(-0.3, 0.3));
  }
};

void add_dense(Sequential& model, std::size_t units, const char* activation) {
  DenseOptions dense;
  dense.units = units;
  dense.activation = Activation::parse(activation, "test");
  dense.kernel_initializer = Loaded<Initializer>::local(std::make_unique<Uniform>(), "uniform");
  dense.bias_initializer = Loaded<Initializer>::local(std::make_unique<Uniform>(), "uniform");
  model.add(std::make_unique<Dense>(model.unique_name("dense"), std::move(dense)));
}

}  // namespace

TEST_CASE("a training step allocates nothing once both batch sizes were seen", "[perf]") {
  Sequential model({12});
  add_dense(model, 16, "relu");
  model.add(std::make_unique<Dropout>(model.unique_name("dropout"), 0.25, std::nullopt));
  add_dense(model, 4, "softmax");
  Rng init(5);
  model.build(init);

  StepMarks marks;
  OptimizerOptions options;
  options.learning_rate = 0.01;
  Trainer trainer(model, OptimizerRunner(Loaded<Optimizer>::local(std::make_unique<MarkingAdam>(marks), "adam"), options),
                  Loss::create("categorical_crossentropy", "test"), {});
  trainer.add_callback(std::make_unique<MarkSecondEpoch>(marks), "mark_second_epoch");

  Matrix x(50, 12), y(50, 1);
  Rng data(8);
  for (Eigen::Index k = 0; k < x.size(); ++k) x.data()[k] = float(data.normal());
  for (Eigen::Index i = 0; i < y.rows(); ++i) y(i, 0) = float(data.below(4));
  FitOptions fit;
  fit.epochs = 2;
  fit.batch_size = 16;  // 16, 16, 16 and a last batch of 2

  const long total = testing::allocations_in([&] { trainer.fit(x, y, fit); });
  CHECK(total > 0);  // the counter does see fit's own bookkeeping
  REQUIRE(marks.updates == 4 * 4);  // 4 steps of the second epoch, 4 parameters each
  CHECK(marks.last_update - marks.epoch_begin == 0);
}
