#pragma once
// A penalty on a tensor: a weight (kernel_regularizer, bias_regularizer) or a layer's
// output (activity_regularizer).
//
// Contract
//   Host guarantees:
//   - A weight penalty is evaluated once per batch on the current weights and added to
//     the loss unscaled; its gradient is added with scale 1.
//   - An activity penalty is evaluated on the layer's (post-activation) output of shape
//     (batch, units) and divided by the batch size, as Keras 3 does; its gradient is added
//     with scale = 1 / batch.
//   - `values` and `gradient` have the same shape, `shape`, in row-major order.
//   Plugin guarantees: penalty() and add_gradient() read only their arguments and the
//   constructor's parameters (both may run concurrently), add_gradient() adds into
//   `gradient` (never overwrites it), and neither allocates per call unless the formula
//   needs a matrix product (the orthogonal regularizer).
#include <nnplug/sdk/plugin.hpp>
#include <nnplug/sdk/tensor.hpp>

namespace nnplug {

class NNPLUG_SDK_API Regularizer : public Plugin {
 public:
  // The penalty added to the loss (Keras: summed over the whole tensor, no 1/2).
  virtual double penalty(ConstArrayMap values, ShapeView shape) const = 0;
  // gradient += scale * d penalty / d values.
  virtual void add_gradient(ConstArrayMap values, ShapeView shape, ArrayMap gradient, float scale) const = 0;
};

}  // namespace nnplug
