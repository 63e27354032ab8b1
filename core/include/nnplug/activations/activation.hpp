#pragma once
// Element-wise activations (and softmax over the last axis), by Keras name.
#include <nnplug/sdk/tensor.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace nnplug {

class Activation {
 public:
  enum class Kind { linear, relu, sigmoid, tanh, softmax, elu, selu, softplus, gelu };

  Activation() = default;  // linear
  // Keras names: linear (also null/"None"), relu, sigmoid, tanh, softmax, elu, selu,
  // softplus, gelu (exact erf form). Unknown -> Error naming `where` with the nearest names.
  static Activation parse(std::string_view name, std::string_view where);
  static std::vector<std::string> names();

  Kind kind() const { return kind_; }
  const std::string& name() const { return name_; }

  // out = f(pre). `out` may alias `pre` only for kinds whose backward needs no `pre`
  // (linear, relu, sigmoid, tanh, softmax, elu, selu); callers that keep both buffers
  // never need to care.
  void forward(const Matrix& pre, Matrix& out) const;
  // pre += bias (1 x cols, broadcast over rows), then out = f(pre), row by row so each
  // row is touched while it is in cache (Dense's fused bias + activation pass).
  void forward_biased(Matrix& pre, const Matrix& bias, Matrix& out) const;
  // grad: dL/d(out) on entry, dL/d(pre) on exit (in place).
  void backward(const Matrix& pre, const Matrix& out, Matrix& grad) const { backward(pre, out, grad, grad); }
  // grad = dL/d(pre) from upstream = dL/d(out), in the same pass (no copy first);
  // `grad` may be `upstream` itself.
  void backward(const Matrix& pre, const Matrix& out, const Matrix& upstream, Matrix& grad) const;

 private:
  // backward() on one piece of rows; the pieces run on the threads set by set_threads.
  void backward_rows(Eigen::Ref<const Matrix> pre, Eigen::Ref<const Matrix> out, Eigen::Ref<const Matrix> upstream,
                     Eigen::Ref<Matrix> grad) const;

  Kind kind_ = Kind::linear;
  std::string name_ = "linear";
};

}  // namespace nnplug
