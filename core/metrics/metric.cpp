#include <nnplug/metrics/metric.hpp>

#include <nnplug/base/error.hpp>
#include <nnplug/losses/loss.hpp>

#include <nnplug/base/unknown_name.hpp>

#include <array>

namespace nnplug {
namespace {

Eigen::Index first_argmax(const Matrix& m, Eigen::Index row) {
  Eigen::Index best = 0;
  m.row(row).maxCoeff(&best);  // Eigen keeps the first of equal maxima
  return best;
}

[[noreturn]] void shape_mismatch(const std::string& metric, const Matrix& y_pred, const Matrix& y_true,
                                 const char* rule) {
  throw Error("metric '" + metric + "': predictions are " + std::to_string(y_pred.rows()) + " x " +
              std::to_string(y_pred.cols()) + " but targets are " + std::to_string(y_true.rows()) + " x " +
              std::to_string(y_true.cols()) + "; " + rule);
}

// Keras's "accuracy": binary, sparse or categorical, decided from the shapes on each call
// exactly as compile_utils.get_metric decides it.
class Accuracy final : public Metric {
 public:
  explicit Accuracy(std::string name) : name_(std::move(name)) {}
  std::string name() const override { return name_; }
  Direction direction() const override { return Direction::maximize; }

  void check(const Matrix& y_pred, const Matrix& y_true) const override {
    const bool binary = y_pred.cols() == 1, sparse = !binary && y_true.cols() == 1;
    if (y_pred.rows() != y_true.rows() || (binary && y_true.cols() != 1) ||
        (!binary && !sparse && y_true.cols() != y_pred.cols()))
      shape_mismatch(name_, y_pred, y_true, "targets must be one-hot rows, class indices or match the outputs");
  }

  double row(const Matrix& y_pred, const Matrix& y_true, Eigen::Index i) const override {
    // BinaryAccuracy: (y_pred > 0.5) must equal the target exactly.
    if (y_pred.cols() == 1) return (y_pred(i, 0) > 0.5f ? 1.0f : 0.0f) == y_true(i, 0);
    // SparseCategoricalAccuracy: the target is the class index.
    if (y_true.cols() == 1) return float(first_argmax(y_pred, i)) == y_true(i, 0);
    return first_argmax(y_pred, i) == first_argmax(y_true, i);
  }

 private:
  std::string name_;
};

// A regression loss reported as a metric (Keras's MeanSquaredError / MeanAbsoluteError).
class LossMetric final : public Metric {
 public:
  LossMetric(std::string name, std::unique_ptr<Loss> loss) : name_(std::move(name)), loss_(std::move(loss)) {}
  std::string name() const override { return name_; }
  Direction direction() const override { return Direction::minimize; }
  void check(const Matrix& y_pred, const Matrix& y_true) const override {
    if (y_pred.rows() != y_true.rows() || y_pred.cols() != y_true.cols())
      shape_mismatch(name_, y_pred, y_true, "they must have the same shape");
  }
  double row(const Matrix& y_pred, const Matrix& y_true, Eigen::Index i) const override {
    return loss_->row_loss(y_pred, y_true, i);
  }

 private:
  std::string name_;
  std::unique_ptr<Loss> loss_;
};

constexpr std::array<const char*, 6> metric_names{"accuracy", "acc", "mse", "mean_squared_error", "mae",
                                                  "mean_absolute_error"};

}  // namespace

double Metric::sum(const Matrix& y_pred, const Matrix& y_true) const {
  check(y_pred, y_true);
  double total = 0.0;
  for (Eigen::Index i = 0; i < y_pred.rows(); ++i) total += row(y_pred, y_true, i);
  return total;
}

std::unique_ptr<Metric> Metric::create(std::string_view name, std::string_view where) {
  const std::string given(name);
  if (name == "accuracy" || name == "acc") return std::make_unique<Accuracy>(given);
  if (name == "mse" || name == "mean_squared_error" || name == "mae" || name == "mean_absolute_error")
    return std::make_unique<LossMetric>(given, Loss::create(given, where));
  throw_unknown_name("metric", name, where, {metric_names.begin(), metric_names.end()});
}

}  // namespace nnplug
