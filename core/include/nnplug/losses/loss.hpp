#pragma once
// Losses with Keras's reduction ("sum_over_batch_size": mean over samples).
#include <nnplug/sdk/params.hpp>
#include <nnplug/sdk/tensor.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace nnplug {

class Activation;

// Sees each row of a batch inside a loss's pass over it, right after that row's loss and
// gradient, so per-sample metrics cost no pass of their own.
class RowObserver {
 public:
  virtual void observe(const Matrix& y_pred, const Matrix& y_true, Eigen::Index row) = 0;

 protected:
  ~RowObserver() = default;
};

// What the targets must look like for a loss.
enum class TargetForm {
  one_hot,  // n x classes (categorical_crossentropy)
  index,    // n x 1 class indices (sparse_categorical_crossentropy)
  as_is,    // same shape as the predictions (binary_crossentropy, mse, mae)
};

class Loss {
 public:
  // spec: "categorical_crossentropy", a Keras alias ("mse", "mae", "bce",
  // "CategoricalCrossentropy", ...) or {"name": ..., "from_logits": bool,
  // "label_smoothing": x}. Unknown -> Error naming `where` with the nearest names.
  static std::unique_ptr<Loss> create(const Json& spec, std::string_view where);
  static std::vector<std::string> names();
  virtual ~Loss() = default;

  virtual std::string name() const = 0;
  virtual TargetForm target_form() const = 0;
  // Mean over the batch of the per-sample loss. When gradient is not null it receives
  // dL/d(y_pred), already divided by the batch size (y_pred's shape). observer, when not
  // null, sees every row in the same pass.
  virtual double evaluate(const Matrix& y_pred, const Matrix& y_true, Matrix* gradient,
                          RowObserver* observer = nullptr) const = 0;
  // One sample's loss (row `row` of y_pred against y_true's), as Keras's reduction "none"
  // gives it; the shapes must already fit (evaluate checks them).
  virtual double row_loss(const Matrix& y_pred, const Matrix& y_true, Eigen::Index row) const = 0;
  // As evaluate, in one pass too, but `gradient` receives dL/d(logits) when y_pred =
  // activation(logits), for a loss that can skip the activation's Jacobian (categorical
  // cross-entropy on softmax probabilities: (p - y) / batch). Returns nothing, and
  // computes nothing, when it cannot; the caller then takes evaluate()'s gradient
  // through the activation.
  virtual std::optional<double> evaluate_wrt_logits(const Activation& /*activation*/, const Matrix& /*y_pred*/,
                                                    const Matrix& /*y_true*/, Matrix& /*gradient*/,
                                                    RowObserver* /*observer*/ = nullptr) const {
    return std::nullopt;
  }
};

}  // namespace nnplug
