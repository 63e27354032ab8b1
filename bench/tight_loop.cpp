// The floor a framework is measured against: the same Fashion-MNIST epoch (784-256-128-10
// or --model wide: 784-2048-2048-10; relu, relu, softmax, categorical cross-entropy, adam,
// shuffled) written as one tight loop with no framework at all: fixed layers, the products
// through the same nnplug::gemm (so the same library, NNPLUG_GEMM), every other pass
// hand-fused. Prints JSON like epoch_bench.
// Usage: nnplug_bench_tight [--batch N] [--threads N] [--epochs N] [--samples N] [--model mlp|wide]
#include "epoch_common.hpp"

#include <nnplug/compute/denormals.hpp>
#include <nnplug/compute/gemm.hpp>
#include <nnplug/train/training_run.hpp>

#include <chrono>
#include <cmath>
#include <numeric>
#include <vector>

namespace {

using nnplug::Matrix;
using nnplug::Transpose;

struct AdamState {
  Matrix m, v;
  explicit AdamState(const Matrix& like) : m(Matrix::Zero(like.rows(), like.cols())), v(m) {}

  // Keras's Adam: epsilon on the uncorrected sqrt(v), corrections folded into alpha.
  void step(Matrix& w, const Matrix& g, float alpha) {
    float* __restrict wp = w.data();
    const float* __restrict gp = g.data();
    float* __restrict mp = m.data();
    float* __restrict vp = v.data();
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      mp[i] += (gp[i] - mp[i]) * 0.1f;
      vp[i] += (gp[i] * gp[i] - vp[i]) * 0.001f;
      wp[i] -= alpha * mp[i] / (std::sqrt(vp[i]) + 1e-7f);
    }
  }
};

struct Dense {
  Matrix w, b, out, grad_w, grad_b, grad_in;
  AdamState adam_w, adam_b;

  Dense(Eigen::Index in, Eigen::Index units, nnplug::Rng& rng)
      : w(in, units), b(Matrix::Zero(1, units)), grad_w(in, units), grad_b(1, units), adam_w(w), adam_b(b) {
    const double limit = std::sqrt(6.0 / double(in + units));  // Glorot uniform
    for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = float(rng.uniform(-limit, limit));
  }

  const Matrix& forward(const Matrix& in, bool relu) {
    out.resize(in.rows(), w.cols());
    nnplug::gemm(in, Transpose::no, w, Transpose::no, out);
    for (Eigen::Index r = 0; r < out.rows(); ++r) {
      out.row(r) += b;
      if (relu) out.row(r) = out.row(r).cwiseMax(0.0f);
    }
    return out;
  }

  // grad: dL/d(pre-activation) of this layer; leaves dL/d(input) through the previous
  // layer's relu in grad_in.
  void backward(const Matrix& in, const Matrix& grad, const Matrix* relu_out_below) {
    nnplug::gemm(in, Transpose::yes, grad, Transpose::no, grad_w);
    grad_b = grad.colwise().sum();
    if (!relu_out_below) return;
    grad_in.resize(grad.rows(), w.rows());
    nnplug::gemm(grad, Transpose::no, w, Transpose::yes, grad_in);
    grad_in = (relu_out_below->array() > 0.0f).select(grad_in, 0.0f);
  }
};

}  // namespace

int main(int argc, char** argv) try {
  namespace bench = nnplug::bench;
  const bench::EpochArgs args = bench::parse_epoch_args(argc, argv);
  const auto batch = Eigen::Index(args.batch);
  nnplug::set_threads(args.threads);
  const nnplug::ScopedFlushDenormals flush_denormals;  // as nnplug's fit and TensorFlow run
  const bench::FashionMnist data = bench::load_fashion_mnist(args.samples);
  const nnplug::Dataset& train = data.train;

  nnplug::Rng rng(1);
  std::vector<Dense> layers;
  Eigen::Index inputs = 784;
  for (const int units : bench::layer_units(args.model)) {
    layers.emplace_back(inputs, units, rng);
    inputs = units;
  }
  const std::size_t last = layers.size() - 1;
  const auto forward = [&](const Matrix& x) -> const Matrix& {
    const Matrix* hidden = &x;
    for (std::size_t l = 0; l < last; ++l) hidden = &layers[l].forward(*hidden, true);
    Matrix& logits = layers[last].out;
    layers[last].forward(*hidden, false);
    for (Eigen::Index r = 0; r < logits.rows(); ++r) {  // softmax
      logits.row(r).array() = (logits.row(r).array() - logits.row(r).maxCoeff()).exp();
      logits.row(r) /= logits.row(r).sum();
    }
    return logits;
  };

  const Eigen::Index samples = train.x.rows();
  std::vector<Eigen::Index> order(std::size_t(samples), 0);
  Matrix x, grad;
  std::int64_t t = 0;
  double best = 1e30;
  for (int e = 0; e < args.epochs; ++e) {
    const auto start = std::chrono::steady_clock::now();
    std::iota(order.begin(), order.end(), Eigen::Index(0));
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    for (Eigen::Index begin = 0; begin < samples; begin += batch) {
      const Eigen::Index count = std::min(batch, samples - begin);
      x.resize(count, 784);
      for (Eigen::Index i = 0; i < count; ++i) x.row(i) = train.x.row(order[std::size_t(begin + i)]);
      const Matrix& p = forward(x);
      grad = p / float(count);  // softmax + cross-entropy: (p - onehot) / batch
      for (Eigen::Index i = 0; i < count; ++i)
        grad(i, Eigen::Index(train.y(order[std::size_t(begin + i)], 0))) -= 1.0f / float(count);
      for (std::size_t l = last; l > 0; --l)
        layers[l].backward(layers[l - 1].out, l == last ? grad : layers[l + 1].grad_in, &layers[l - 1].out);
      layers[0].backward(x, last == 0 ? grad : layers[1].grad_in, nullptr);
      ++t;
      const float alpha = float(1e-3 * std::sqrt(1.0 - std::pow(0.999, double(t))) / (1.0 - std::pow(0.9, double(t))));
      for (Dense& layer : layers) {
        layer.adam_w.step(layer.w, layer.grad_w, alpha);
        layer.adam_b.step(layer.b, layer.grad_b, alpha);
      }
    }
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  bench::print_epoch_result("tight loop", args, best, bench::accuracy(forward(data.test.x), data.test.y), samples, 0.0);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "nnplug_bench_tight: " << e.what() << "\n";
  return 2;
}
