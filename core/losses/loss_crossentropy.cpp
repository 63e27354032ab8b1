// Categorical cross-entropy, with one-hot targets or with class indices (sparse).
#include "loss_kinds.hpp"

#include <nnplug/activations/activation.hpp>
#include <nnplug/base/error.hpp>

#include <algorithm>
#include <cmath>

namespace nnplug::losses {
namespace {

// One sample's -sum_j t_j log p_j, where target(j) gives t_j. When grad_row is not null it
// receives d loss / d y_pred times `scale` (1/batch).
//   probabilities: p = clip(y / sum(y), eps, 1-eps) (Keras renormalises, then clips;
//                  clipped entries pass no gradient, as tf.clip_by_value)
//   logits:        log p = z - logsumexp(z)
template <class Row, class GradRow, class Target>
double crossentropy_row(const Row& y_pred, bool from_logits, Target target, GradRow* grad_row, double scale) {
  const Eigen::Index classes = y_pred.size();
  double loss = 0.0;
  if (from_logits) {
    const double largest = y_pred.maxCoeff();
    double exp_sum = 0.0;
    for (Eigen::Index j = 0; j < classes; ++j) exp_sum += std::exp(double(y_pred(j)) - largest);
    const double log_sum = largest + std::log(exp_sum);
    double target_sum = 0.0;
    for (Eigen::Index j = 0; j < classes; ++j) {
      loss -= target(j) * (double(y_pred(j)) - log_sum);
      target_sum += target(j);
    }
    if (grad_row != nullptr)
      for (Eigen::Index j = 0; j < classes; ++j)
        (*grad_row)(j) = float(scale * (target_sum * std::exp(double(y_pred(j)) - log_sum) - target(j)));
    return loss;
  }
  const double total = y_pred.template cast<double>().sum();
  double weighted = 0.0;  // sum_j (dL/dq_j) q_j, for the renormalisation's gradient
  for (Eigen::Index j = 0; j < classes; ++j) {
    const double q = double(y_pred(j)) / total;
    const double clipped = std::clamp(q, double(epsilon), double(1.0f - epsilon));
    loss -= target(j) * std::log(clipped);
    if (grad_row == nullptr) continue;
    const double slope = (q == clipped) ? -target(j) / clipped : 0.0;
    (*grad_row)(j) = float(slope);
    weighted += slope * q;
  }
  if (grad_row != nullptr)
    for (Eigen::Index j = 0; j < classes; ++j) (*grad_row)(j) = float(scale * ((*grad_row)(j) - weighted) / total);
  return loss;
}

// One sample's loss and its dL/d(logits) times `scale` when y_pred = softmax(logits), which
// Keras-TF computes from the logits: scale (T q - t), with q = p / sum(p) and T = sum_j t_j.
// That equals the probability path's gradient through the softmax Jacobian unless Keras's
// clip cuts the gradient of a probability with a non-zero target (clipped entries with
// t = 0 pass none either way); such a row takes the probability path and the Jacobian
// p (g - g.p), so both agree to float rounding everywhere. The loss is the probability
// path's, -sum_j t_j log clip(q_j), with a logarithm only where t_j is not zero.
template <class Row, class GradRow, class Target>
double softmax_crossentropy_logit_row(const Row& p, Target target, GradRow& grad_row, double scale) {
  const Eigen::Index classes = p.size();
  const double total = p.template cast<double>().sum();
  double target_sum = 0.0, loss = 0.0;
  bool clip_cuts_gradient = false;
  for (Eigen::Index j = 0; j < classes; ++j) {
    const double t = target(j);
    target_sum += t;
    if (t == 0.0) continue;
    const double q = double(p(j)) / total;
    const double clipped = std::clamp(q, double(epsilon), double(1.0f - epsilon));
    loss -= t * std::log(clipped);
    if (q != clipped) clip_cuts_gradient = true;
  }
  if (clip_cuts_gradient) {
    crossentropy_row(p, false, target, &grad_row, scale);
    const float weighted = grad_row.dot(p);
    grad_row.array() = p.array() * (grad_row.array() - weighted);
    return loss;
  }
  for (Eigen::Index j = 0; j < classes; ++j)
    grad_row(j) = float(scale * (target_sum * double(p(j)) / total - target(j)));
  return loss;
}

// Runs crossentropy_row over the batch; target_of(i) returns sample i's target accessor.
template <class TargetOf>
double batch_crossentropy(const Matrix& y_pred, const Matrix& y_true, bool from_logits, TargetOf target_of,
                          Matrix* gradient, RowObserver* observer) {
  const Eigen::Index batch = y_pred.rows();
  if (gradient != nullptr) gradient->resize(y_pred.rows(), y_pred.cols());
  if (batch == 0) return 0.0;
  const double scale = 1.0 / double(batch);
  double total = 0.0;
  for (Eigen::Index i = 0; i < batch; ++i) {
    auto target = target_of(i);
    if (gradient == nullptr) {
      total += crossentropy_row(y_pred.row(i), from_logits, target, static_cast<Matrix::RowXpr*>(nullptr), scale);
    } else {
      auto grad_row = gradient->row(i);
      total += crossentropy_row(y_pred.row(i), from_logits, target, &grad_row, scale);
    }
    if (observer != nullptr) observer->observe(y_pred, y_true, i);
  }
  return total * scale;
}

// Whether the loss may skip the softmax Jacobian: only for probabilities from a softmax.
bool fuses_with(const Activation& activation, bool from_logits) {
  return !from_logits && activation.kind() == Activation::Kind::softmax;
}

// The mean loss and dL/d(logits) of softmax + cross-entropy over the batch, in one pass;
// target_of(i) as in batch_crossentropy.
template <class TargetOf>
double logit_gradient(const Matrix& y_pred, const Matrix& y_true, TargetOf target_of, Matrix& gradient,
                      RowObserver* observer) {
  gradient.resize(y_pred.rows(), y_pred.cols());
  if (y_pred.rows() == 0) return 0.0;
  const double scale = 1.0 / double(y_pred.rows());
  double total = 0.0;
  for (Eigen::Index i = 0; i < y_pred.rows(); ++i) {
    auto grad_row = gradient.row(i);
    total += softmax_crossentropy_logit_row(y_pred.row(i), target_of(i), grad_row, scale);
    if (observer != nullptr) observer->observe(y_pred, y_true, i);
  }
  return total * scale;
}

// What both cross-entropies share: evaluate, row_loss and the fused logit path, one pass
// each. Derived provides check(y_pred, y_true), which throws on targets of the wrong
// shape, and targets(y_pred, y_true), whose (i)(j) is sample i's target for class j.
template <class Derived>
class CrossentropyLoss : public Loss {
 public:
  explicit CrossentropyLoss(bool from_logits) : from_logits_(from_logits) {}

  double evaluate(const Matrix& y_pred, const Matrix& y_true, Matrix* gradient, RowObserver* observer) const override {
    self().check(y_pred, y_true);
    return batch_crossentropy(y_pred, y_true, from_logits_, self().targets(y_pred, y_true), gradient, observer);
  }

  double row_loss(const Matrix& y_pred, const Matrix& y_true, Eigen::Index row) const override {
    return crossentropy_row(y_pred.row(row), from_logits_, self().targets(y_pred, y_true)(row),
                            static_cast<Matrix::RowXpr*>(nullptr), 1.0);
  }

  std::optional<double> evaluate_wrt_logits(const Activation& activation, const Matrix& y_pred, const Matrix& y_true,
                                            Matrix& gradient, RowObserver* observer) const override {
    if (!fuses_with(activation, from_logits_)) return std::nullopt;
    self().check(y_pred, y_true);
    return logit_gradient(y_pred, y_true, self().targets(y_pred, y_true), gradient, observer);
  }

 private:
  const Derived& self() const { return static_cast<const Derived&>(*this); }
  bool from_logits_;
};

class CategoricalCrossentropy final : public CrossentropyLoss<CategoricalCrossentropy> {
 public:
  explicit CategoricalCrossentropy(const Params& params)
      : CrossentropyLoss(params.boolean("from_logits")), smoothing_(params.number("label_smoothing")) {}

  std::string name() const override { return "categorical_crossentropy"; }
  TargetForm target_form() const override { return TargetForm::one_hot; }

  void check(const Matrix& y_pred, const Matrix& y_true) const { require_same_shape(*this, y_pred, y_true); }
  // Sample i's target for class j after label smoothing.
  auto targets(const Matrix& y_pred, const Matrix& y_true) const {
    const double uniform = smoothing_ / double(y_pred.cols());
    const double keep = 1.0 - smoothing_;
    return [&y_true, uniform, keep](Eigen::Index i) {
      return [&y_true, uniform, keep, i](Eigen::Index j) { return double(y_true(i, j)) * keep + uniform; };
    };
  }

 private:
  double smoothing_;
};

class SparseCategoricalCrossentropy final : public CrossentropyLoss<SparseCategoricalCrossentropy> {
 public:
  explicit SparseCategoricalCrossentropy(const Params& params) : CrossentropyLoss(params.boolean("from_logits")) {}

  std::string name() const override { return "sparse_categorical_crossentropy"; }
  TargetForm target_form() const override { return TargetForm::index; }

  void check(const Matrix& y_pred, const Matrix& y_true) const {
    if (y_true.rows() != y_pred.rows() || y_true.cols() != 1)
      throw Error(name() + ": targets must be one class index per sample (" + std::to_string(y_pred.rows()) +
                  " x 1); got " + std::to_string(y_true.rows()) + " x " + std::to_string(y_true.cols()) +
                  "; use categorical_crossentropy for one-hot targets");
  }
  // 1 for sample i's class, else 0 (the label checked as it is read).
  auto targets(const Matrix& y_pred, const Matrix& y_true) const {
    return [this, &y_pred, &y_true](Eigen::Index i) {
      const Eigen::Index label = checked_label(y_true(i, 0), i, y_pred.cols());
      return [label](Eigen::Index j) { return j == label ? 1.0 : 0.0; };
    };
  }

 private:
  Eigen::Index checked_label(float value, Eigen::Index row, Eigen::Index classes) const {
    if (std::isfinite(value) && value >= 0.0f && value < float(classes) && value == std::floor(value))
      return Eigen::Index(value);
    throw Error(name() + ": the target in row " + std::to_string(row) + " of the batch is " + std::to_string(value) +
                "; it must be a class index in [0, " + std::to_string(classes - 1) +
                "] (the last layer has " + std::to_string(classes) + " units)");
  }
};

}  // namespace

std::unique_ptr<Loss> categorical_crossentropy(const Params& params) {
  return std::make_unique<CategoricalCrossentropy>(params);
}

std::unique_ptr<Loss> sparse_categorical_crossentropy(const Params& params) {
  return std::make_unique<SparseCategoricalCrossentropy>(params);
}

}  // namespace nnplug::losses
