#pragma once
// A penalty on a tensor (weights, or a layer's output for activity regularization).
#include <nnplug/sdk/plugin.hpp>
#include <nnplug/sdk/tensor.hpp>

namespace nnplug {

class NNPLUG_SDK_API Regularizer : public Plugin {
 public:
  // The penalty added to the loss (Keras: summed over the whole tensor, no 1/2).
  virtual double penalty(ConstArrayMap values) const = 0;
  // gradient += scale * d penalty / d values. The core passes scale = 1/batch for
  // activity penalties, which Keras divides by the batch size.
  virtual void add_gradient(ConstArrayMap values, ArrayMap gradient, float scale) const = 0;
};

}  // namespace nnplug
