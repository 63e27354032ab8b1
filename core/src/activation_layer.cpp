#include <nnplug/layer.hpp>

namespace nnplug {

ActivationLayer::ActivationLayer(std::string name, Activation activation)
    : Layer(std::move(name)), activation_(std::move(activation)) {}

void ActivationLayer::build(std::size_t input_dim, Rng&) { width_ = input_dim; }

const Matrix& ActivationLayer::forward(const Matrix& input, bool, Rng&) {
  activation_.forward(input, out_);
  return out_;
}

const Matrix& ActivationLayer::backward(const Matrix& input, const Matrix& grad_output, bool need_input_grad) {
  if (!need_input_grad) return no_input_gradient();
  grad_input_ = grad_output;
  activation_.backward(input, out_, grad_input_);
  return grad_input_;
}

}  // namespace nnplug
