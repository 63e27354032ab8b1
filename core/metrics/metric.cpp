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

// Keras's "accuracy": binary, sparse or categorical, decided from the shapes on each call
// exactly as compile_utils.get_metric decides it.
class Accuracy final : public Metric {
 public:
  explicit Accuracy(std::string name) : name_(std::move(name)) {}
  std::string name() const override { return name_; }
  Direction direction() const override { return Direction::maximize; }

  double sum(const Matrix& y_pred, const Matrix& y_true) const override {
    if (y_pred.rows() != y_true.rows()) mismatch(y_pred, y_true);
    double correct = 0.0;
    if (y_pred.cols() == 1) {
      // BinaryAccuracy: (y_pred > 0.5) must equal the target exactly.
      if (y_true.cols() != 1) mismatch(y_pred, y_true);
      for (Eigen::Index i = 0; i < y_pred.rows(); ++i) correct += (y_pred(i, 0) > 0.5f ? 1.0f : 0.0f) == y_true(i, 0);
    } else if (y_true.cols() == 1) {
      // SparseCategoricalAccuracy: the target is the class index.
      for (Eigen::Index i = 0; i < y_pred.rows(); ++i) correct += float(first_argmax(y_pred, i)) == y_true(i, 0);
    } else {
      if (y_true.cols() != y_pred.cols()) mismatch(y_pred, y_true);
      for (Eigen::Index i = 0; i < y_pred.rows(); ++i) correct += first_argmax(y_pred, i) == first_argmax(y_true, i);
    }
    return correct;
  }

 private:
  [[noreturn]] void mismatch(const Matrix& y_pred, const Matrix& y_true) const {
    throw Error("metric '" + name_ + "': predictions are " + std::to_string(y_pred.rows()) + " x " +
                std::to_string(y_pred.cols()) + " but targets are " + std::to_string(y_true.rows()) + " x " +
                std::to_string(y_true.cols()) + "; targets must be one-hot rows, class indices or match the outputs");
  }

  std::string name_;
};

// A regression loss reported as a metric (Keras's MeanSquaredError / MeanAbsoluteError).
class LossMetric final : public Metric {
 public:
  LossMetric(std::string name, std::unique_ptr<Loss> loss) : name_(std::move(name)), loss_(std::move(loss)) {}
  std::string name() const override { return name_; }
  Direction direction() const override { return Direction::minimize; }
  double sum(const Matrix& y_pred, const Matrix& y_true) const override {
    return loss_->evaluate(y_pred, y_true, nullptr) * double(y_pred.rows());
  }

 private:
  std::string name_;
  std::unique_ptr<Loss> loss_;
};

constexpr std::array<const char*, 6> metric_names{"accuracy", "acc", "mse", "mean_squared_error", "mae",
                                                  "mean_absolute_error"};

}  // namespace

std::unique_ptr<Metric> Metric::create(std::string_view name, std::string_view where) {
  const std::string given(name);
  if (name == "accuracy" || name == "acc") return std::make_unique<Accuracy>(given);
  if (name == "mse" || name == "mean_squared_error" || name == "mae" || name == "mean_absolute_error")
    return std::make_unique<LossMetric>(given, Loss::create(given, where));
  throw_unknown_name("metric", name, where, {metric_names.begin(), metric_names.end()});
}

}  // namespace nnplug
