#include "noise_support.hpp"

namespace nnplug {

GaussianNoise::GaussianNoise(std::string name, double stddev, std::optional<std::uint64_t> seed)
    : TrainingNoise(std::move(name), seed), stddev_(stddev) {
  // Keras 3 refuses a stddev above 1 too (GaussianNoise.__init__).
  noise::check_range(this->name(), "GaussianNoise stddev", stddev, 1.0, true,
                     "the standard deviation of the added noise, as Keras 3 bounds it");
}

void GaussianNoise::perturb(const Matrix& input, Matrix& out, Rng& rng) {
  for (Eigen::Index k = 0; k < out.size(); ++k) out.data()[k] = input.data()[k] + float(stddev_ * rng.normal());
}

// Additive noise leaves dL/d(input) = dL/d(output).
const Matrix& GaussianNoise::perturb_gradient(const Matrix& grad_output, Matrix&) const { return grad_output; }

}  // namespace nnplug
