#include <nnplug/base/error.hpp>
#include <nnplug/model/layer.hpp>

#include <cmath>

namespace nnplug {

Dropout::Dropout(std::string name, double rate, std::optional<std::uint64_t> seed)
    : Layer(std::move(name)), rate_(rate) {
  if (!(rate >= 0.0 && rate <= 1.0))
    throw Error(this->name() + ": Dropout rate must be in [0, 1] (the fraction of inputs dropped); got " +
                std::to_string(rate));
  if (seed) own_rng_.emplace(*seed);
}

void Dropout::build(std::size_t input_dim, Rng&) { width_ = input_dim; }

const Matrix& Dropout::forward(const Matrix& input, bool training, Rng& rng) {
  last_training_ = training && rate_ > 0.0;
  if (!last_training_) return input;
  Rng& draws = own_rng_ ? *own_rng_ : rng;
  // rate 1 keeps nothing (uniform() < 1), so the scale is never used then.
  const float kept_scale = rate_ < 1.0 ? float(1.0 / (1.0 - rate_)) : 0.0f;
  Matrix& mask = mask_.sized(input.rows(), input.cols());
  for (Eigen::Index k = 0; k < mask.size(); ++k) mask.data()[k] = draws.uniform() >= rate_ ? kept_scale : 0.0f;
  Matrix& out = out_.sized(input.rows(), input.cols());
  out = input.cwiseProduct(mask);
  return out;
}

const Matrix& Dropout::backward(const Matrix&, const Matrix& grad_output, bool need_input_grad) {
  if (!need_input_grad) return no_input_gradient();
  if (!last_training_) return grad_output;
  Matrix& grad_input = grad_input_.sized(grad_output.rows(), grad_output.cols());
  grad_input = grad_output.cwiseProduct(mask_.current());
  return grad_input;
}

}  // namespace nnplug
