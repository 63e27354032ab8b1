// The training step's promise: after the first epoch has seen both batch sizes (the full
// one and the smaller last one), forward, loss, backward and the optimizer step allocate
// nothing beyond what the GEMM library allocates inside its own calls (none for OpenBLAS
// and Eigen; oneDNN's dnnl_sgemm takes a packing buffer per call). Counted by
// support/allocation_counter's malloc replacement.
#include "support/allocation_counter.hpp"

#include <nnplug/compute/gemm.hpp>
#include <nnplug/train/standard_callbacks.hpp>
#include <nnplug/train/trainer.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <ostream>
#include <streambuf>

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

// Marks the end of each of epoch 2's batches, after every other batch hook has run.
class MarkBatchEnds final : public Callback {
 public:
  explicit MarkBatchEnds(std::vector<long>& marks) : marks_(marks) { marks_.reserve(64); }
  bool uses_batch_hooks() const override { return true; }
  void on_epoch_begin(int epoch, CallbackContext&) override { in_second_epoch_ = epoch == 1; }
  void on_train_batch_end(std::int64_t, CallbackContext& context) override {
    // A key too long for the short-string buffer; checked after fit (Catch may allocate).
    saw_long_key = saw_long_key && context.log("mean_squared_error").has_value();
    if (in_second_epoch_) marks_.push_back(testing::allocations_so_far());
  }
  bool saw_long_key = true;

 private:
  std::vector<long>& marks_;
  bool in_second_epoch_ = false;
};

// Counts the redraws the bar writes, keeping nothing (a growing string would allocate).
class RedrawCounter final : public std::streambuf {
 public:
  long carriage_returns = 0;

 protected:
  int_type overflow(int_type c) override {
    if (c == '\r') ++carriage_returns;
    return c;
  }
  std::streamsize xsputn(const char* text, std::streamsize size) override {
    for (std::streamsize i = 0; i < size; ++i) overflow(text[i]);
    return size;
  }
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

namespace {

Sequential small_model() {
  Sequential model({12});
  add_dense(model, 16, "relu");
  model.add(std::make_unique<Dropout>(model.unique_name("dropout"), 0.25, std::nullopt));
  add_dense(model, 4, "softmax");
  Rng init(5);
  model.build(init);
  return model;
}

// What the GEMM library allocates inside the products of one step of small_model at
// `batch` rows: each dense layer's forward and weight gradient, and the second layer's
// input gradient, run here through nnplug::gemm exactly as Dense calls it (each shape
// once first, so a library's one-time set-up is not counted).
long gemm_library_allocations(Eigen::Index batch) {
  struct Product {
    Eigen::Index a_rows, a_cols, b_rows, b_cols;
    Transpose op_a, op_b;
  };
  const std::vector<Product> products{
      {batch, 12, 12, 16, Transpose::no, Transpose::no},  // dense forward
      {batch, 16, 16, 4, Transpose::no, Transpose::no},   // dense_1 forward
      {batch, 16, batch, 4, Transpose::yes, Transpose::no},  // dense_1 weight gradient
      {batch, 4, 16, 4, Transpose::no, Transpose::yes},   // dense_1 input gradient
      {batch, 12, batch, 16, Transpose::yes, Transpose::no},  // dense weight gradient
  };
  std::vector<Matrix> a, b, c;
  for (const Product& p : products) {
    a.push_back(Matrix::Ones(p.a_rows, p.a_cols));
    b.push_back(Matrix::Ones(p.b_rows, p.b_cols));
    c.push_back(Matrix(p.op_a == Transpose::yes ? p.a_cols : p.a_rows, p.op_b == Transpose::yes ? p.b_rows : p.b_cols));
  }
  const auto run_all = [&] {
    for (std::size_t i = 0; i < products.size(); ++i) gemm(a[i], products[i].op_a, b[i], products[i].op_b, c[i]);
  };
  run_all();
  return testing::allocations_in(run_all);
}

void fill_data(Matrix& x, Matrix& y) {
  Rng data(8);
  for (Eigen::Index k = 0; k < x.size(); ++k) x.data()[k] = float(data.normal());
  for (Eigen::Index i = 0; i < y.rows(); ++i) y(i, 0) = float(data.below(4));
}

}  // namespace

TEST_CASE("a training step allocates nothing outside the GEMM library once both batch sizes were seen", "[perf]") {
  Sequential model = small_model();

  StepMarks marks;
  OptimizerOptions options;
  options.learning_rate = 0.01;
  Trainer trainer(model, OptimizerRunner(Loaded<Optimizer>::local(std::make_unique<MarkingAdam>(marks), "adam"), options),
                  Loss::create("categorical_crossentropy", "test"), {});
  trainer.add_callback(std::make_unique<MarkSecondEpoch>(marks), "mark_second_epoch");

  Matrix x(50, 12), y(50, 1);
  fill_data(x, y);
  FitOptions fit;
  fit.epochs = 2;
  fit.batch_size = 16;  // 16, 16, 16 and a last batch of 2

  const long total = testing::allocations_in([&] { trainer.fit(x, y, fit); });
  CHECK(total > 0);  // the counter does see fit's own bookkeeping
  REQUIRE(marks.updates == 4 * 4);  // 4 steps of the second epoch, 4 parameters each
  const long library = 3 * gemm_library_allocations(16) + gemm_library_allocations(2);
  INFO("the GEMM library (" << gemm_backend().name << ") allocates " << library << " times in these steps");
  if (gemm_backend().name != "oneDNN") CHECK(library == 0);
  CHECK(marks.last_update - marks.epoch_begin == library);
}

// Batch hooks (here the verbose=1 bar, redrawing after every batch) read batch logs that
// the trainer updates in place, so they add no allocation per batch either.
TEST_CASE("batch logs and the verbose=1 bar allocate nothing per batch outside the GEMM library", "[perf][progress]") {
  Sequential model = small_model();
  StepMarks marks;
  OptimizerOptions options;
  options.learning_rate = 0.01;
  std::vector<std::unique_ptr<Metric>> metrics;
  metrics.push_back(Metric::create("accuracy", "test"));
  metrics.push_back(Metric::create("mean_squared_error", "test"));
  Trainer trainer(model, OptimizerRunner(Loaded<Optimizer>::local(std::make_unique<MarkingAdam>(marks), "adam"), options),
                  Loss::create("categorical_crossentropy", "test"), std::move(metrics));
  RedrawCounter counter;
  std::ostream progress(&counter);
  trainer.add_callback(std::make_unique<ProgressLogger>(
                           progress, ProgressOptions{.verbose = 1, .terminal = true, .interval_seconds = 0.0}),
                       "progress");
  std::vector<long> batch_ends;
  auto marker = std::make_unique<MarkBatchEnds>(batch_ends);
  const MarkBatchEnds& marked = *marker;
  trainer.add_callback(std::move(marker), "mark_batch_ends");

  Matrix x(50, 12), y(50, 1);
  fill_data(x, y);
  FitOptions fit;
  fit.epochs = 2;
  fit.batch_size = 16;  // 16, 16, 16 and a last batch of 2
  fit.out = &progress;
  fit.verbose = 1;

  testing::allocations_in([&] { trainer.fit(x, y, fit); });
  REQUIRE(batch_ends.size() == 4);
  CHECK(marked.saw_long_key);
  CHECK(counter.carriage_returns == 2 * 4);  // every batch but an epoch's first redrew, plus each final
  // From the end of epoch 2's first batch to the end of its last: three steps (16, 16 and 2
  // rows) with redraws.
  const long library = 2 * gemm_library_allocations(16) + gemm_library_allocations(2);
  INFO("the GEMM library (" << gemm_backend().name << ") allocates " << library << " times in these steps");
  CHECK(batch_ends.back() - batch_ends.front() == library);
}
