#include <nnplug/activations/activation.hpp>
#include <nnplug/compute/parallel_for.hpp>

#include <nnplug/base/unknown_name.hpp>

#include <array>
#include <cmath>
#include <numbers>

namespace nnplug {
namespace {

using Kind = Activation::Kind;

struct NamedKind {
  Kind kind;
  const char* name;
};

constexpr std::array<NamedKind, 9> known_kinds{{{Kind::linear, "linear"},
                                                {Kind::relu, "relu"},
                                                {Kind::sigmoid, "sigmoid"},
                                                {Kind::tanh, "tanh"},
                                                {Kind::softmax, "softmax"},
                                                {Kind::elu, "elu"},
                                                {Kind::selu, "selu"},
                                                {Kind::softplus, "softplus"},
                                                {Kind::gelu, "gelu"}}};

// Keras's SELU constants (keras/src/activations/activations.py).
constexpr float selu_scale = 1.0507009873554805f;
constexpr float selu_alpha = 1.6732632423543772f;

float gelu(float x) { return 0.5f * x * (1.0f + std::erf(x * std::numbers::sqrt2_v<float> * 0.5f)); }

// d gelu / dx = Phi(x) + x phi(x).
float gelu_slope(float x) {
  const float density = std::exp(-0.5f * x * x) * (std::numbers::inv_sqrtpi_v<float> * std::numbers::sqrt2_v<float> * 0.5f);
  return 0.5f * (1.0f + std::erf(x * std::numbers::sqrt2_v<float> * 0.5f)) + x * density;
}

// Calls use(f) with f mapping an Eigen array expression to f(x) element-wise, for every
// kind but softmax (which couples a row and is handled on its own).
template <class Use>
void with_elementwise(Kind kind, Use&& use) {
  switch (kind) {
    case Kind::linear: return use([](const auto& x) { return x; });
    case Kind::relu: return use([](const auto& x) { return x.max(0.0f); });
    case Kind::sigmoid: return use([](const auto& x) { return x.logistic(); });
    case Kind::tanh: return use([](const auto& x) { return x.tanh(); });
    case Kind::elu: return use([](const auto& x) { return (x > 0.0f).select(x, x.exp() - 1.0f); });
    case Kind::selu:
      return use([](const auto& x) { return selu_scale * (x > 0.0f).select(x, selu_alpha * (x.exp() - 1.0f)); });
    // max(x, 0) + log(1 + e^-|x|): never overflows, exact for large |x|.
    case Kind::softplus: return use([](const auto& x) { return x.max(0.0f) + (-x.abs()).exp().log1p(); });
    case Kind::gelu: return use([](const auto& x) { return x.unaryExpr(&gelu); });
    case Kind::softmax: break;
  }
}

// Max-subtracted so exp never overflows; `in` and `out` may be the same row.
template <class In, class Out>
void softmax_row(const In& in, Out&& out) {
  const float largest = in.maxCoeff();
  out.array() = (in.array() - largest).exp();
  out /= out.sum();
}

}  // namespace

Activation Activation::parse(std::string_view name, std::string_view where) {
  if (name == "None" || name == "none") return {};
  for (const auto& known : known_kinds) {
    if (name == known.name) {
      Activation activation;
      activation.kind_ = known.kind;
      activation.name_ = known.name;
      return activation;
    }
  }
  throw_unknown_name("activation", name, where, names());
}

std::vector<std::string> Activation::names() {
  std::vector<std::string> out;
  for (const auto& known : known_kinds) out.emplace_back(known.name);
  return out;
}

void Activation::forward(const Matrix& pre, Matrix& out) const {
  out.resize(pre.rows(), pre.cols());
  if (kind_ == Kind::softmax) {
    for (Eigen::Index r = 0; r < pre.rows(); ++r) softmax_row(pre.row(r), out.row(r));
    return;
  }
  with_elementwise(kind_, [&](auto f) { out.array() = f(pre.array()); });
}

void Activation::forward_biased(Matrix& pre, const Matrix& bias, Matrix& out) const {
  out.resize(pre.rows(), pre.cols());
  parallel_for_rows(pre.rows(), pre.cols(), [&](Eigen::Index begin, Eigen::Index end) {
    if (kind_ == Kind::softmax) {
      for (Eigen::Index r = begin; r < end; ++r) {
        pre.row(r) += bias;
        softmax_row(pre.row(r), out.row(r));
      }
      return;
    }
    with_elementwise(kind_, [&](auto f) {
      for (Eigen::Index r = begin; r < end; ++r) {
        pre.row(r) += bias;
        out.row(r).array() = f(pre.row(r).array());
      }
    });
  });
}

void Activation::backward(const Matrix& pre, const Matrix& out, const Matrix& upstream, Matrix& grad) const {
  if (&grad != &upstream) grad.resize(upstream.rows(), upstream.cols());
  if (kind_ == Kind::linear) {
    if (&grad != &upstream) grad = upstream;
    return;
  }
  parallel_for_rows(grad.rows(), grad.cols(), [&](Eigen::Index begin, Eigen::Index end) {
    const Eigen::Index rows = end - begin;
    backward_rows(pre.middleRows(begin, rows), out.middleRows(begin, rows), upstream.middleRows(begin, rows),
                  grad.middleRows(begin, rows));
  });
}

// Each entry of grad is written from the same entry of upstream (or, for softmax, after
// its row's dot product), so grad may alias upstream.
void Activation::backward_rows(Eigen::Ref<const Matrix> pre, Eigen::Ref<const Matrix> out,
                               Eigen::Ref<const Matrix> upstream, Eigen::Ref<Matrix> grad) const {
  auto g = grad.array();
  const auto u = upstream.array();
  const auto y = out.array();
  switch (kind_) {
    case Kind::linear: g = u; return;
    case Kind::relu: g = (y > 0.0f).select(u, 0.0f); return;
    case Kind::sigmoid: g = u * (y * (1.0f - y)); return;
    case Kind::tanh: g = u * (1.0f - y.square()); return;
    // For x <= 0, d elu/dx = e^x = out + 1 (and selu's = out + scale*alpha).
    case Kind::elu: g = u * (y > 0.0f).select(1.0f, y + 1.0f); return;
    case Kind::selu: g = u * (y > 0.0f).select(selu_scale, y + selu_scale * selu_alpha); return;
    case Kind::softplus: g = u * pre.array().logistic(); return;
    case Kind::gelu: g = u * pre.array().unaryExpr(&gelu_slope); return;
    case Kind::softmax:
      // dL/dx_i = y_i (g_i - sum_j g_j y_j)
      for (Eigen::Index r = 0; r < grad.rows(); ++r) {
        const float weighted = upstream.row(r).dot(out.row(r));
        grad.row(r).array() = out.row(r).array() * (upstream.row(r).array() - weighted);
      }
      return;
  }
}

}  // namespace nnplug
