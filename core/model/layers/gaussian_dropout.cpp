#include "noise_support.hpp"

#include <cmath>

namespace nnplug {

GaussianDropout::GaussianDropout(std::string name, double rate, std::optional<std::uint64_t> seed)
    : TrainingNoise(std::move(name), seed), rate_(rate) {
  // Keras accepts 1 and then multiplies by noise of infinite spread.
  noise::check_range(this->name(), "GaussianDropout rate", rate, 1.0, false,
                     "the noise's standard deviation is sqrt(rate / (1 - rate))");
}

void GaussianDropout::perturb(const Matrix& input, Matrix& out, Rng& rng) {
  const double stddev = std::sqrt(rate_ / (1.0 - rate_));
  Matrix& factor = factor_.sized(input.rows(), input.cols());
  for (Eigen::Index k = 0; k < factor.size(); ++k) factor.data()[k] = float(1.0 + stddev * rng.normal());
  out = input.cwiseProduct(factor);
}

const Matrix& GaussianDropout::perturb_gradient(const Matrix& grad_output, Matrix& grad_input) const {
  grad_input = grad_output.cwiseProduct(factor_.current());
  return grad_input;
}

}  // namespace nnplug
