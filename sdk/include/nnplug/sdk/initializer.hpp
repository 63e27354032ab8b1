#pragma once
// Fills a new tensor. Shapes follow Keras: a Dense kernel is (inputs, units).
#include <nnplug/sdk/plugin.hpp>
#include <nnplug/sdk/tensor.hpp>

#include <optional>

namespace nnplug {

struct Fans {
  double in = 1.0;
  double out = 1.0;
};

// Keras's compute_fans: rank 0 -> (1,1); rank 1 -> (n,n); rank 2 -> (rows, cols);
// higher ranks are convolution kernels with channels last.
inline Fans compute_fans(const Shape& shape) {
  if (shape.empty()) return {};
  if (shape.size() == 1) return {double(shape[0]), double(shape[0])};
  if (shape.size() == 2) return {double(shape[0]), double(shape[1])};
  double receptive_field = 1.0;
  for (std::size_t i = 0; i + 2 < shape.size(); ++i) receptive_field *= double(shape[i]);
  return {double(shape[shape.size() - 2]) * receptive_field, double(shape.back()) * receptive_field};
}

class NNPLUG_SDK_API Initializer : public Plugin {
 public:
  // `rng` is the model's stream. An initializer with its own `seed` parameter draws
  // from a fresh Rng(seed) instead, so it gives the same values on every call (Keras).
  virtual void fill(ArrayMap values, const Shape& shape, Rng& rng) const = 0;
};

// Helper for initializers with an optional `seed` parameter.
class SeededDraws {
 public:
  explicit SeededDraws(const Params& params)
      : seed_(params.has("seed") ? std::optional<std::uint64_t>(params.integer("seed")) : std::nullopt) {}
  // The stream to draw from for one fill: the model's, or a fresh one from the seed.
  template <class Draw>
  void with(Rng& model_rng, Draw&& draw) const {
    if (!seed_) return draw(model_rng);
    Rng own(*seed_);
    draw(own);
  }

 private:
  std::optional<std::uint64_t> seed_;
};

}  // namespace nnplug
