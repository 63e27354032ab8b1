#include "noise_support.hpp"

#include <cmath>

namespace nnplug {

namespace {
// SELU's constants, as keras/src/layers/regularization/alpha_dropout.py writes them.
constexpr double selu_alpha = 1.6732632423543772848170429916717;
constexpr double selu_scale = 1.0507009873554804934193349852946;
constexpr double alpha_p = -selu_alpha * selu_scale;  // SELU's limit for x -> -inf

// Keras's affine correction y = a * x + b that keeps mean 0 and variance 1.
double affine_a(double rate) { return std::pow((1.0 - rate) * (1.0 + rate * alpha_p * alpha_p), -0.5); }
double affine_b(double rate) { return -affine_a(rate) * alpha_p * rate; }
}  // namespace

AlphaDropout::AlphaDropout(std::string name, double rate, std::optional<std::uint64_t> seed, NoiseShape noise_shape)
    : TrainingNoise(std::move(name), seed), rate_(rate), noise_shape_(noise_shape) {
  // Keras accepts 1, where a = (0 * ...)^-0.5 is infinite.
  noise::check_range(this->name(), "AlphaDropout rate", rate, 1.0, false, "the fraction of inputs dropped");
}

void AlphaDropout::build(std::size_t input_dim, Rng& rng) {
  noise::check_fits(name(), noise_shape_, input_dim);
  TrainingNoise::build(input_dim, rng);
}

void AlphaDropout::perturb(const Matrix& input, Matrix& out, Rng& rng) {
  Matrix& kept = kept_.sized(input.rows(), input.cols());
  noise::draw_keep_mask(kept, rate_, noise_shape_, rng);
  const float a = float(affine_a(rate_)), b = float(affine_b(rate_)), dropped = float(alpha_p);
  out = (a * (input.array() * kept.array() + dropped * (1.0f - kept.array())) + b).matrix();
}

const Matrix& AlphaDropout::perturb_gradient(const Matrix& grad_output, Matrix& grad_input) const {
  grad_input = float(affine_a(rate_)) * grad_output.cwiseProduct(kept_.current());
  return grad_input;
}

}  // namespace nnplug
