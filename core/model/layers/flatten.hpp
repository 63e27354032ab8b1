#pragma once
// Keras's Flatten: samples are already stored flat, so it only checks and passes through.
#include <nnplug/model/layer.hpp>

namespace nnplug {

class Flatten final : public Layer {
 public:
  using Layer::Layer;
  std::string type() const override { return "flatten"; }
  void build(std::size_t input_dim, Rng&) override { width_ = input_dim; }
  std::size_t output_dim() const override { return width_; }
  const Matrix& forward(const Matrix& input, bool, Rng&) override { return input; }
  const Matrix& backward(const Matrix&, const Matrix& grad_output, bool) override { return grad_output; }

 private:
  std::size_t width_ = 0;
};

}  // namespace nnplug
