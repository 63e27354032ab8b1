#pragma once
// A loss that is a sum of per-entry terms, averaged over the last axis and then over the
// batch (so every entry weighs 1/size): binary cross-entropy, mse, mae.
#include "loss_kinds.hpp"

#include <string>
#include <utility>

namespace nnplug::losses {

struct ValueAndSlope {
  double value;
  double slope;  // d value / d prediction
};

// Term: ValueAndSlope operator()(double prediction, double target) const.
template <class Term>
class ElementwiseLoss final : public Loss {
 public:
  ElementwiseLoss(std::string name, Term term) : name_(std::move(name)), term_(std::move(term)) {}

  std::string name() const override { return name_; }
  TargetForm target_form() const override { return TargetForm::as_is; }

  double evaluate(const Matrix& y_pred, const Matrix& y_true, Matrix* gradient, RowObserver* observer) const override {
    require_same_shape(*this, y_pred, y_true);
    if (gradient != nullptr) gradient->resize(y_pred.rows(), y_pred.cols());
    if (y_pred.size() == 0) return 0.0;
    const double scale = 1.0 / double(y_pred.size());
    double total = 0.0;
    for (Eigen::Index i = 0; i < y_pred.rows(); ++i) {
      for (Eigen::Index j = 0; j < y_pred.cols(); ++j) {
        const auto [value, slope] = term_(y_pred(i, j), y_true(i, j));
        total += value;
        if (gradient != nullptr) (*gradient)(i, j) = float(scale * slope);
      }
      if (observer != nullptr) observer->observe(y_pred, y_true, i);
    }
    return total * scale;
  }

  double row_loss(const Matrix& y_pred, const Matrix& y_true, Eigen::Index row) const override {
    double total = 0.0;
    for (Eigen::Index j = 0; j < y_pred.cols(); ++j) total += term_(y_pred(row, j), y_true(row, j)).value;
    return y_pred.cols() > 0 ? total / double(y_pred.cols()) : 0.0;
  }

 private:
  std::string name_;
  Term term_;
};

}  // namespace nnplug::losses
