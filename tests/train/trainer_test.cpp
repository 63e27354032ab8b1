// The training loop's Keras semantics, with in-process plugin objects so each rule is
// isolated: validation_split, callback hooks, penalties in the loss, history order.
#include <nnplug/compute/denormals.hpp>
#include <nnplug/train/trainer.hpp>

#include <catch2/catch.hpp>

using namespace nnplug;

namespace {

class PlainSgd final : public Optimizer {
 public:
  std::vector<Slot> slots(ShapeView) const override { return {}; }
  void update(ArrayMap w, ConstArrayMap g, std::span<ArrayMap>, const StepContext& step, const Variable&) const override {
    w -= step.learning_rate * g;
  }
};

class Constant final : public Initializer {
 public:
  explicit Constant(float value) : value_(value) {}
  void fill(ArrayMap values, ShapeView, Rng&) const override { values.setConstant(value_); }

 private:
  float value_;
};

class Uniform final : public Initializer {
 public:
  void fill(ArrayMap values, ShapeView, Rng& rng) const override {
    for (auto& v : values) v = float(rng.uniform(-0.5, 0.5));
  }
};

// Records every hook call with the rate it sees, and halves the rate at each epoch end.
class RecordingCallback final : public Callback {
 public:
  explicit RecordingCallback(std::vector<std::string>& calls) : calls_(calls) {}
  bool uses_batch_hooks() const override { return true; }
  bool sets_learning_rate() const override { return true; }
  void on_train_begin(CallbackContext& c) override { record("train_begin", c); }
  void on_epoch_begin(int epoch, CallbackContext& c) override { record("epoch_begin " + std::to_string(epoch), c); }
  void on_train_batch_begin(std::int64_t batch, CallbackContext& c) override {
    record("batch_begin " + std::to_string(batch) + " it " + std::to_string(c.iterations()), c);
  }
  void on_train_batch_end(std::int64_t batch, CallbackContext& c) override {
    CHECK(c.log("loss").has_value());  // the running mean of the epoch so far
    CHECK_FALSE(c.log("val_loss").has_value());
    record("batch_end " + std::to_string(batch), c);
  }
  void on_epoch_end(int epoch, CallbackContext& c) override {
    record("epoch_end " + std::to_string(epoch), c);
    CHECK(c.log("val_loss").has_value());
    CHECK(c.direction("val_loss") == Direction::minimize);
    CHECK(c.direction("val_accuracy") == Direction::maximize);
    CHECK(c.direction("no_such_metric") == Direction::unknown);
    CHECK(c.epochs() == 2);
    CHECK(c.steps_per_epoch() == 2);
    c.set_log("seen_by_history", double(epoch));
    c.set_learning_rate(c.learning_rate() / 2);
  }
  void on_train_end(CallbackContext& c) override { record("train_end", c); }

 private:
  void record(const std::string& what, const CallbackContext& c) {
    calls_.push_back(what + " @" + std::to_string(c.learning_rate()));
  }
  std::vector<std::string>& calls_;
};

// Stops training at the end of epoch `stop_after`; keeps the weights of epoch 0 and
// restores them at the end.
class StopAndRestore final : public Callback {
 public:
  explicit StopAndRestore(int stop_after) : stop_after_(stop_after) {}
  void on_epoch_end(int epoch, CallbackContext& c) override {
    if (epoch == 0) c.snapshot_weights("first");
    if (epoch == stop_after_) c.stop_training();
  }
  void on_train_end(CallbackContext& c) override { CHECK(c.restore_weights("first")); CHECK_FALSE(c.restore_weights("never")); }

 private:
  int stop_after_;
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

TEST_CASE("callbacks get their hooks in Keras's order, see logs and set the learning rate", "[core][trainer]") {
  Sequential model = small_model(2, 2, "softmax");
  Trainer trainer = make_trainer(model, 0.5);
  std::vector<std::string> calls;
  trainer.add_callback(std::make_unique<RecordingCallback>(calls), "recording");
  Matrix x(10, 2), y(10, 1);
  fill_random(x, y, 2, 1);
  FitOptions options;
  options.epochs = 2;
  options.batch_size = 5;
  Matrix val_x(4, 2), val_y(4, 1);
  fill_random(val_x, val_y, 2, 2);
  const auto history = trainer.fit(x, y, options, &val_x, &val_y);
  CHECK(calls == std::vector<std::string>{
                     "train_begin @0.500000", "epoch_begin 0 @0.500000", "batch_begin 0 it 0 @0.500000",
                     "batch_end 0 @0.500000", "batch_begin 1 it 1 @0.500000", "batch_end 1 @0.500000",
                     "epoch_end 0 @0.500000", "epoch_begin 1 @0.250000", "batch_begin 0 it 2 @0.250000",
                     "batch_end 0 @0.250000", "batch_begin 1 it 3 @0.250000", "batch_end 1 @0.250000",
                     "epoch_end 1 @0.250000", "train_end @0.125000"});
  CHECK(*history[0].get("learning_rate") == 0.5);
  CHECK(*history[1].get("learning_rate") == 0.25);
  CHECK(*history[1].get("seen_by_history") == 1.0);
  CHECK(trainer.optimizer().learning_rate() == 0.125);
}

TEST_CASE("a callback can stop training and restore a snapshot of the weights", "[core][trainer]") {
  Sequential model = small_model(2, 2, "softmax");
  Trainer trainer = make_trainer(model, 0.5);
  trainer.add_callback(std::make_unique<StopAndRestore>(1), "stop");
  Matrix x(10, 2), y(10, 1);
  fill_random(x, y, 2, 1);
  FitOptions options;
  options.epochs = 5;
  options.batch_size = 5;
  // The weights after epoch 0, from an identical run that trains exactly one epoch.
  Sequential reference = small_model(2, 2, "softmax");
  Trainer one_epoch = make_trainer(reference, 0.5);
  FitOptions first = options;
  first.epochs = 1;
  one_epoch.fit(x, y, first);

  const auto history = trainer.fit(x, y, options);
  CHECK(history.size() == 2);  // stopped after epoch 1
  CHECK(model.weights().front().data == reference.weights().front().data);
}

TEST_CASE("a learning-rate callback next to a per-step schedule is refused before training", "[core][trainer]") {
  class Halving final : public Schedule {
   public:
    double learning_rate(std::int64_t step) const override { return 0.1 / double(step + 1); }
  };
  Sequential model = small_model(2, 2, "softmax");
  Trainer trainer(model,
                  OptimizerRunner(Loaded<Optimizer>::local(std::make_unique<PlainSgd>(), "plain_sgd"), {},
                                  Loaded<Schedule>::local(std::make_unique<Halving>(), "halving")),
                  Loss::create("sparse_categorical_crossentropy", "test"), {});
  std::vector<std::string> calls;
  trainer.add_callback(std::make_unique<RecordingCallback>(calls), "recording");
  Matrix x(10, 2), y(10, 1);
  fill_random(x, y, 2, 1);
  CHECK_THROWS_WITH(trainer.fit(x, y, FitOptions{}),
                    Catch::Matchers::Contains("callback 'recording' sets the learning rate") &&
                        Catch::Matchers::Contains("per-step schedule 'halving'"));
  CHECK(calls.empty());
  CHECK(trainer.optimizer().learning_rate() == Approx(0.1));
  CHECK_THROWS_WITH(trainer.optimizer().set_learning_rate(0.5), Catch::Matchers::Contains("schedule 'halving'"));
}

TEST_CASE("the reported loss includes regularization penalties", "[core][trainer]") {
  // A kernel penalty that is huge compared with the data loss shows up in loss and val_loss.
  class Heavy final : public Regularizer {
   public:
    double penalty(ConstArrayMap values, ShapeView) const override { return 1000.0 + 0.0 * values.sum(); }
    void add_gradient(ConstArrayMap, ShapeView, ArrayMap, float) const override {}
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

namespace {
// Notes whether each batch ran with subnormals flushed.
class DenormalProbe final : public Callback {
 public:
  explicit DenormalProbe(std::vector<bool>& seen) : seen_(seen) {}
  bool uses_batch_hooks() const override { return true; }
  void on_train_batch_begin(std::int64_t, CallbackContext&) override { seen_.push_back(flushing_denormals()); }

 private:
  std::vector<bool>& seen_;
};
}  // namespace

TEST_CASE("fit, evaluate and predict flush subnormals to zero as TensorFlow does, and restore the mode after",
          "[core][trainer][perf]") {
  Sequential model = small_model(3, 2, "softmax");
  Trainer trainer = make_trainer(model, 0.1);
  std::vector<bool> seen;
  trainer.add_callback(std::make_unique<DenormalProbe>(seen), "probe");
  Matrix x(12, 3), y(12, 1);
  fill_random(x, y, 2, 5);
  FitOptions options;
  options.batch_size = 4;
  REQUIRE_FALSE(flushing_denormals());
  trainer.fit(x, y, options);
  CHECK(seen == std::vector<bool>{true, true, true});
  CHECK_FALSE(flushing_denormals());
  trainer.evaluate(x, y);
  trainer.predict(x);
  CHECK_FALSE(flushing_denormals());
}
