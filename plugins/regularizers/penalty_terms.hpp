#pragma once
// The two penalty terms that l1, l2 and l1_l2 are made of, so each formula lives once.
// Penalties are summed in double: a float sum over a large kernel drifts.
#include <nnplug/sdk/regularizer.hpp>

namespace nnplug::penalty {

// factor * sum |x|; d/dx = factor * sign(x), with sign(0) = 0 as in TensorFlow.
struct L1 {
  double factor;
  double value(ConstArrayMap x) const { return factor * x.abs().cast<double>().sum(); }
  void add_gradient(ConstArrayMap x, ArrayMap gradient, float scale) const {
    gradient += static_cast<float>(scale * factor) * x.sign();
  }
};

// factor * sum x^2 (no 1/2, as in Keras); d/dx = 2 * factor * x.
struct L2 {
  double factor;
  double value(ConstArrayMap x) const { return factor * x.cast<double>().square().sum(); }
  void add_gradient(ConstArrayMap x, ArrayMap gradient, float scale) const {
    gradient += static_cast<float>(2.0 * scale * factor) * x;
  }
};

}  // namespace nnplug::penalty
