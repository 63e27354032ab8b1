#include <nnplug/model/layer.hpp>

namespace nnplug {

ActivationLayer::ActivationLayer(std::string name, Activation activation)
    : Layer(std::move(name)), activation_(std::move(activation)) {}

void ActivationLayer::build(std::size_t input_dim, Rng&) { width_ = input_dim; }

const Matrix& ActivationLayer::forward(const Matrix& input, bool, Rng&) {
  Matrix& out = out_.sized(input.rows(), input.cols());
  activation_.forward(input, out);
  return out;
}

const Matrix& ActivationLayer::backward(const Matrix& input, const Matrix& grad_output, bool need_input_grad) {
  if (!need_input_grad) return no_input_gradient();
  Matrix& grad_input = grad_input_.sized(grad_output.rows(), grad_output.cols());
  grad_input = grad_output;
  activation_.backward(input, out_.current(), grad_input);
  return grad_input;
}

}  // namespace nnplug
