// Mean squared and mean absolute error.
#include "loss_elementwise.hpp"

#include <cmath>

namespace nnplug::losses {
namespace {

struct SquaredError {
  ValueAndSlope operator()(double prediction, double target) const {
    const double e = prediction - target;
    return {e * e, 2.0 * e};
  }
};

// The slope at 0 is 0, as the gradient of abs in TensorFlow and PyTorch.
struct AbsoluteError {
  ValueAndSlope operator()(double prediction, double target) const {
    const double e = prediction - target;
    return {std::abs(e), double((e > 0) - (e < 0))};
  }
};

}  // namespace

std::unique_ptr<Loss> mean_squared_error(const Params&) {
  return std::make_unique<ElementwiseLoss<SquaredError>>("mean_squared_error", SquaredError{});
}

std::unique_ptr<Loss> mean_absolute_error(const Params&) {
  return std::make_unique<ElementwiseLoss<AbsoluteError>>("mean_absolute_error", AbsoluteError{});
}

}  // namespace nnplug::losses
