#pragma once
// Fills a new tensor. Shapes follow Keras: a Dense kernel is (inputs, units), its bias (units).
//
// Contract
//   Host guarantees:
//   - fill() is called once per tensor when a layer is built, with `values` sized
//     element_count(shape) in row-major order, before any training step.
//   - `rng` is the model's stream, seeded from the run's `seed`, and layers are built in
//     order, so a run's seed reproduces every initial weight; two tensors filled from the
//     same stream get different values.
//   Plugin guarantees:
//   - Every value is written; randomness comes only from `rng` or from an Rng the plugin
//     seeds from its own `seed` parameter (then every call gives the same values, as a
//     seeded Keras initializer does).
//   - A shape the formula cannot fill (Identity of rank 3) is a thrown error naming it.
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
inline Fans compute_fans(ShapeView shape) {
  if (shape.empty()) return {};
  if (shape.size() == 1) return {double(shape[0]), double(shape[0])};
  if (shape.size() == 2) return {double(shape[0]), double(shape[1])};
  double receptive_field = 1.0;
  for (std::size_t i = 0; i + 2 < shape.size(); ++i) receptive_field *= double(shape[i]);
  return {double(shape[shape.size() - 2]) * receptive_field, double(shape.back()) * receptive_field};
}

class NNPLUG_SDK_API Initializer : public Plugin {
 public:
  virtual void fill(ArrayMap values, ShapeView shape, Rng& rng) const = 0;
};

// For initializers with an optional `seed` parameter.
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
