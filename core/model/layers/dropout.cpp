#include "noise_support.hpp"

namespace nnplug {

Dropout::Dropout(std::string name, double rate, std::optional<std::uint64_t> seed, NoiseShape noise_shape)
    : TrainingNoise(std::move(name), seed), rate_(rate), noise_shape_(noise_shape) {
  noise::check_range(this->name(), "Dropout rate", rate, 1.0, true, "the fraction of inputs dropped");
}

void Dropout::build(std::size_t input_dim, Rng& rng) {
  noise::check_fits(name(), noise_shape_, input_dim);
  TrainingNoise::build(input_dim, rng);
}

void Dropout::perturb(const Matrix& input, Matrix& out, Rng& rng) {
  Matrix& mask = mask_.sized(input.rows(), input.cols());
  noise::draw_keep_mask(mask, rate_, noise_shape_, rng);
  // rate 1 keeps nothing (uniform() < 1), so the scale is never used then.
  if (rate_ < 1.0) mask *= float(1.0 / (1.0 - rate_));
  out = input.cwiseProduct(mask);
}

const Matrix& Dropout::perturb_gradient(const Matrix& grad_output, Matrix& grad_input) const {
  grad_input = grad_output.cwiseProduct(mask_.current());
  return grad_input;
}

}  // namespace nnplug
