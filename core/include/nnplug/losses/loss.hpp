#pragma once
// Losses with Keras's reduction ("sum_over_batch_size": mean over samples).
#include <nnplug/sdk/params.hpp>
#include <nnplug/sdk/tensor.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace nnplug {

class Activation;

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
  // dL/d(y_pred), already divided by the batch size (y_pred's shape).
  virtual double evaluate(const Matrix& y_pred, const Matrix& y_true, Matrix* gradient) const = 0;
  // dL/d(logits) when y_pred = activation(logits), already divided by the batch size, for
  // a loss that can skip the activation's Jacobian (categorical cross-entropy on softmax
  // probabilities: (p - y) / batch). Returns false when it cannot; `gradient` is then
  // unspecified and the caller takes evaluate()'s gradient through the activation.
  virtual bool gradient_wrt_logits(const Activation& /*activation*/, const Matrix& /*y_pred*/,
                                   const Matrix& /*y_true*/, Matrix& /*gradient*/) const {
    return false;
  }
};

}  // namespace nnplug
