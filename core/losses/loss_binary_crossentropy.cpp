// Binary cross-entropy of each output.
#include "loss_elementwise.hpp"

#include <algorithm>
#include <cmath>

namespace nnplug::losses {
namespace {

class BinaryCrossentropyTerm {
 public:
  explicit BinaryCrossentropyTerm(const Params& params)
      : from_logits_(params.boolean("from_logits")), smoothing_(params.number("label_smoothing")) {}

  ValueAndSlope operator()(double prediction, double target) const {
    const double smoothed = target * (1.0 - smoothing_) + 0.5 * smoothing_;
    return from_logits_ ? from_logit(prediction, smoothed) : from_probability(prediction, smoothed);
  }

 private:
  // Probabilities are clipped to [eps, 1-eps]; clipped entries pass no gradient.
  static ValueAndSlope from_probability(double p, double t) {
    const double clipped = std::clamp(p, double(epsilon), double(1.0f - epsilon));
    const double value = -(t * std::log(clipped) + (1.0 - t) * std::log(1.0 - clipped));
    const double slope = (p == clipped) ? (1.0 - t) / (1.0 - clipped) - t / clipped : 0.0;
    return {value, slope};
  }

  // max(z, 0) - z t + log(1 + e^-|z|): the sigmoid cross-entropy that never overflows.
  static ValueAndSlope from_logit(double z, double t) {
    const double value = std::max(z, 0.0) - z * t + std::log1p(std::exp(-std::abs(z)));
    return {value, 1.0 / (1.0 + std::exp(-z)) - t};
  }

  bool from_logits_;
  double smoothing_;
};

}  // namespace

std::unique_ptr<Loss> binary_crossentropy(const Params& params) {
  return std::make_unique<ElementwiseLoss<BinaryCrossentropyTerm>>("binary_crossentropy",
                                                                   BinaryCrossentropyTerm(params));
}

}  // namespace nnplug::losses
