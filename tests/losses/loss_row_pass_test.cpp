// The one pass over a batch: every loss reports each row to a RowObserver from inside the
// pass that computes its value and gradient, each row once and in order, and its per-row
// losses average to the batch loss, so metrics (row by row) need no pass of their own.
#include "model/model_support.hpp"

#include <nnplug/activations/activation.hpp>
#include <nnplug/losses/loss.hpp>
#include <nnplug/metrics/metric.hpp>

using namespace nnplug;

namespace {

struct RowLog final : RowObserver {
  std::vector<Eigen::Index> rows;
  const Matrix* y_pred = nullptr;
  void observe(const Matrix& prediction, const Matrix&, Eigen::Index row) override {
    y_pred = &prediction;
    rows.push_back(row);
  }
};

std::vector<Eigen::Index> all_rows(Eigen::Index count) {
  std::vector<Eigen::Index> rows;
  for (Eigen::Index i = 0; i < count; ++i) rows.push_back(i);
  return rows;
}

struct Case {
  const char* spec;
  bool index_targets;
};

}  // namespace

TEST_CASE("every loss reports each row once, in order, from its value-and-gradient pass", "[loss][perf]") {
  Rng rng(5);
  Matrix y_pred = model_test::random_matrix(7, 4, rng, 0.05, 1.0);
  Activation::parse("softmax", "test").forward(Matrix(y_pred), y_pred);
  Matrix one_hot = Matrix::Zero(7, 4), indices(7, 1);
  for (Eigen::Index i = 0; i < 7; ++i) {
    indices(i, 0) = float(i % 4);
    one_hot(i, i % 4) = 1.0f;
  }
  for (const Case c : {Case{"categorical_crossentropy", false}, Case{"sparse_categorical_crossentropy", true},
                       Case{"binary_crossentropy", false}, Case{"mse", false}, Case{"mae", false}}) {
    CAPTURE(c.spec);
    const auto loss = Loss::create(c.spec, "test");
    const Matrix& y_true = c.index_targets ? indices : one_hot;
    Matrix gradient;
    RowLog with_gradient, value_only;
    const double value = loss->evaluate(y_pred, y_true, &gradient, &with_gradient);
    CHECK(loss->evaluate(y_pred, y_true, nullptr, &value_only) == value);
    CHECK(with_gradient.rows == all_rows(7));
    CHECK(value_only.rows == all_rows(7));
    CHECK(with_gradient.y_pred == &y_pred);
    double row_sum = 0.0;
    for (Eigen::Index i = 0; i < 7; ++i) row_sum += loss->row_loss(y_pred, y_true, i);
    CHECK(row_sum / 7.0 == Approx(value).epsilon(1e-12));

    RowLog fused;
    Matrix logit_gradient;
    if (loss->evaluate_wrt_logits(Activation::parse("softmax", "test"), y_pred, y_true, logit_gradient, &fused)) {
      CHECK(fused.rows == all_rows(7));
    } else {
      CHECK(fused.rows.empty());  // nothing computed, nothing reported
    }
  }
}

TEST_CASE("a metric summed row by row equals its batch sum", "[metric][perf]") {
  Rng rng(6);
  const Matrix y_pred = model_test::random_matrix(9, 3, rng, 0.0, 1.0);
  Matrix y_true = Matrix::Zero(9, 3);
  for (Eigen::Index i = 0; i < 9; ++i) y_true(i, (i * 2) % 3) = 1.0f;
  for (const char* name : {"accuracy", "mse", "mae"}) {
    CAPTURE(name);
    const auto metric = Metric::create(name, "test");
    metric->check(y_pred, y_true);
    double rows = 0.0;
    for (Eigen::Index i = 0; i < 9; ++i) rows += metric->row(y_pred, y_true, i);
    CHECK(rows == metric->sum(y_pred, y_true));
  }
  // mse's rows are the loss's own per-sample values.
  const auto mse = Loss::create("mse", "test");
  CHECK(Metric::create("mse", "test")->row(y_pred, y_true, 4) == mse->row_loss(y_pred, y_true, 4));
  CHECK(mse->row_loss(y_pred, y_true, 4) ==
        Approx((y_pred.row(4) - y_true.row(4)).squaredNorm() / 3.0).epsilon(1e-6));
}
