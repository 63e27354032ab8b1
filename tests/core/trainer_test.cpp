// The training loop's Keras semantics, with in-process plugin objects so each rule is
// isolated: validation_split, scheduler hooks, penalties in the loss, history order.
#include <nnplug/trainer.hpp>

#include <catch2/catch.hpp>

using namespace nnplug;

namespace {

class PlainSgd final : public Optimizer {
 public:
  std::vector<Slot> slots() const override { return {}; }
  void update(ArrayMap w, ConstArrayMap g, std::span<ArrayMap>, const StepContext& step) const override {
    w -= step.learning_rate * g;
  }
};

class Constant final : public Initializer {
 public:
  explicit Constant(float value) : value_(value) {}
  void fill(ArrayMap values, const Shape&, Rng&) const override { values.setConstant(value_); }

 private:
  float value_;
};

class Uniform final : public Initializer {
 public:
  void fill(ArrayMap values, const Shape&, Rng& rng) const override {
    for (auto& v : values) v = float(rng.uniform(-0.5, 0.5));
  }
};

// Records every hook call and halves the rate at each epoch end.
class RecordingScheduler final : public Scheduler {
 public:
  explicit RecordingScheduler(std::vector<std::string>& calls) : calls_(calls) {}
  std::optional<double> on_train_begin(double lr) override { return record("train_begin", lr), std::nullopt; }
  std::optional<double> on_epoch_begin(int epoch, double lr) override {
    return record("epoch_begin " + std::to_string(epoch), lr), std::nullopt;
  }
  std::optional<double> on_batch_begin(std::int64_t iteration, double lr) override {
    return record("batch_begin " + std::to_string(iteration), lr), std::nullopt;
  }
  std::optional<double> on_epoch_end(int epoch, double lr, const EpochLogs& logs) override {
    record("epoch_end " + std::to_string(epoch), lr);
    CHECK(logs.values.count("val_loss") == 1);
    CHECK(logs.direction("val_loss") == Direction::minimize);
    CHECK(logs.direction("val_accuracy") == Direction::maximize);
    return lr / 2;
  }

 private:
  void record(const std::string& what, double lr) { calls_.push_back(what + " @" + std::to_string(lr)); }
  std::vector<std::string>& calls_;
};

Sequential small_model(std::size_t inputs, std::size_t outputs, const std::string& activation) {
  Sequential model({inputs});
  DenseOptions dense;
  dense.units = outputs;
  dense.activation = Activation::parse(activation, "test");
  dense.kernel_initializer = Loaded<Initializer>::local(std::make_unique<Uniform>(), "uniform");
  dense.bias_initializer = Loaded<Initializer>::local(std::make_unique<Constant>(0.0f), "zeros");
  model.add(std::make_unique<Dense>(model.unique_name("dense"), std::move(dense)));
  Rng rng(3);
  model.build(rng);
  return model;
}

Trainer make_trainer(Sequential& model, double learning_rate, const char* loss = "categorical_crossentropy") {
  OptimizerOptions options;
  options.learning_rate = learning_rate;
  std::vector<std::unique_ptr<Metric>> metrics;
  metrics.push_back(Metric::create("accuracy", "test"));
  return Trainer(model, OptimizerRunner(Loaded<Optimizer>::local(std::make_unique<PlainSgd>(), "plain_sgd"), options),
                 Loss::create(loss, "test"), std::move(metrics));
}

void fill_random(Matrix& x, Matrix& y, std::size_t classes, std::uint64_t seed) {
  Rng rng(seed);
  for (auto i = 0; i < x.size(); ++i) x.data()[i] = float(rng.normal());
  for (auto i = 0; i < y.rows(); ++i) y(i, 0) = float(rng.below(classes));
}

}  // namespace

TEST_CASE("validation_split takes the last samples, before shuffling", "[core][trainer]") {
  Sequential model = small_model(3, 2, "softmax");
  Trainer trainer = make_trainer(model, 0.1);
  Matrix x(40, 3), y(40, 1);
  fill_random(x, y, 2, 9);
  FitOptions options;
  options.validation_split = 0.25;
  options.batch_size = 7;
  const auto history = trainer.fit(x, y, options);
  REQUIRE(history.size() == 1);
  // After the epoch the weights no longer change: val_* must be the last 10 samples' scores.
  const Logs held_out = trainer.evaluate(x.bottomRows(10), y.bottomRows(10));
  CHECK(*history[0].get("val_loss") == Approx(*held_out.get("loss")).epsilon(1e-6));
  CHECK(*history[0].get("val_accuracy") == Approx(*held_out.get("accuracy")));
  const Logs first_part = trainer.evaluate(x.topRows(10), y.topRows(10));
  CHECK(*first_part.get("loss") != Approx(*held_out.get("loss")).epsilon(1e-6));
}

TEST_CASE("logs are ordered as Keras shows them", "[core][trainer]") {
  Sequential model = small_model(3, 2, "softmax");
  Trainer trainer = make_trainer(model, 0.1);
  Matrix x(20, 3), y(20, 1);
  fill_random(x, y, 2, 4);
  FitOptions options;
  options.validation_split = 0.5;
  const auto history = trainer.fit(x, y, options);
  std::vector<std::string> keys;
  for (const auto& [key, value] : history.at(0)) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"accuracy", "loss", "val_accuracy", "val_loss", "learning_rate"});
}

TEST_CASE("schedulers get their hooks in Keras's order and set the learning rate", "[core][trainer]") {
  Sequential model = small_model(2, 2, "softmax");
  Trainer trainer = make_trainer(model, 0.5);
  std::vector<std::string> calls;
  trainer.add_scheduler(Loaded<Scheduler>::local(std::make_unique<RecordingScheduler>(calls), "recording"));
  Matrix x(10, 2), y(10, 1);
  fill_random(x, y, 2, 1);
  FitOptions options;
  options.epochs = 2;
  options.batch_size = 5;
  Matrix val_x(4, 2), val_y(4, 1);
  fill_random(val_x, val_y, 2, 2);
  const auto history = trainer.fit(x, y, options, &val_x, &val_y);
  CHECK(calls == std::vector<std::string>{
                     "train_begin @0.500000", "epoch_begin 0 @0.500000", "batch_begin 0 @0.500000",
                     "batch_begin 1 @0.500000", "epoch_end 0 @0.500000", "epoch_begin 1 @0.250000",
                     "batch_begin 2 @0.250000", "batch_begin 3 @0.250000", "epoch_end 1 @0.250000"});
  CHECK(*history[0].get("learning_rate") == 0.5);
  CHECK(*history[1].get("learning_rate") == 0.25);
  CHECK(trainer.optimizer().learning_rate() == 0.125);
}

TEST_CASE("the reported loss includes regularization penalties", "[core][trainer]") {
  // A kernel penalty that is huge compared with the data loss shows up in loss and val_loss.
  class Heavy final : public Regularizer {
   public:
    double penalty(ConstArrayMap values) const override { return 1000.0 + 0.0 * values.sum(); }
    void add_gradient(ConstArrayMap, ArrayMap, float) const override {}
  };
  Sequential model({2});
  DenseOptions dense;
  dense.units = 2;
  dense.activation = Activation::parse("softmax", "test");
  dense.kernel_initializer = Loaded<Initializer>::local(std::make_unique<Uniform>(), "uniform");
  dense.bias_initializer = Loaded<Initializer>::local(std::make_unique<Constant>(0.0f), "zeros");
  dense.kernel_regularizer = Loaded<Regularizer>::local(std::make_unique<Heavy>(), "heavy");
  model.add(std::make_unique<Dense>("dense", std::move(dense)));
  Rng rng(1);
  model.build(rng);
  Trainer trainer = make_trainer(model, 0.01);
  Matrix x(8, 2), y(8, 1);
  fill_random(x, y, 2, 3);
  FitOptions options;
  options.validation_split = 0.5;
  const auto history = trainer.fit(x, y, options);
  CHECK(*history[0].get("loss") > 1000.0);
  CHECK(*history[0].get("loss") < 1010.0);
  CHECK(*history[0].get("val_loss") > 1000.0);
}

TEST_CASE("a diverging loss stops training with a clear error", "[core][trainer]") {
  Sequential model = small_model(2, 1, "linear");
  Trainer trainer = make_trainer(model, 1e6, "mse");
  Matrix x(16, 2), y(16, 1);
  fill_random(x, y, 2, 5);
  x *= 100.0f;
  FitOptions options;
  options.epochs = 50;
  REQUIRE_THROWS_WITH(trainer.fit(x, y, options), Catch::Contains("lower the learning rate"));
}

TEST_CASE("targets are one-hot encoded only where the loss needs it", "[core][trainer]") {
  Sequential model = small_model(2, 3, "softmax");
  Trainer categorical = make_trainer(model, 0.1);
  Matrix labels(2, 1);
  labels << 2, 0;
  const Matrix one_hot = categorical.prepare_targets(labels, "t");
  CHECK(one_hot.cols() == 3);
  CHECK(one_hot(0, 2) == 1.0f);
  CHECK(one_hot(1, 0) == 1.0f);
  Trainer sparse = make_trainer(model, 0.1, "sparse_categorical_crossentropy");
  CHECK(sparse.prepare_targets(labels, "t").cols() == 1);
  Matrix wrong(2, 2);
  wrong.setZero();
  CHECK_THROWS_WITH(categorical.prepare_targets(wrong, "data.train"), Catch::Contains("data.train"));
}
