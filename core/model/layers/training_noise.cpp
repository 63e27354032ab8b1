#include <nnplug/model/layer.hpp>

namespace nnplug {

TrainingNoise::TrainingNoise(std::string name, std::optional<std::uint64_t> seed) : Layer(std::move(name)) {
  if (seed) own_rng_.emplace(*seed);
}

void TrainingNoise::build(std::size_t input_dim, Rng&) { width_ = input_dim; }

const Matrix& TrainingNoise::forward(const Matrix& input, bool training, Rng& rng) {
  last_training_ = training && perturbs();
  if (!last_training_) return input;
  Matrix& out = out_.sized(input.rows(), input.cols());
  perturb(input, out, own_rng_ ? *own_rng_ : rng);
  return out;
}

const Matrix& TrainingNoise::backward(const Matrix&, const Matrix& grad_output, bool need_input_grad) {
  if (!need_input_grad) return no_input_gradient();
  if (!last_training_) return grad_output;
  return perturb_gradient(grad_output, grad_input_.sized(grad_output.rows(), grad_output.cols()));
}

}  // namespace nnplug
