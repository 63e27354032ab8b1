#pragma once
// Keras's VarianceScaling: values with variance scale / n, n being fan_in, fan_out or
// their mean. glorot_*, he_* and lecun_* are fixed presets of it; variance_scaling exposes
// all three choices.
#include "random_draws.hpp"

#include <algorithm>
#include <cmath>

namespace nnplug::variance_scaling {

enum class Mode { fan_in, fan_out, fan_avg };
enum class Distribution { truncated_normal, untruncated_normal, uniform };

struct Preset {
  double scale = 1.0;
  Mode mode = Mode::fan_in;
  Distribution distribution = Distribution::truncated_normal;
};

// The standard deviation of a unit normal truncated to [-2, 2]; dividing by it makes the
// truncated draws' standard deviation the one asked for (Keras's correction).
inline constexpr double truncated_unit_stddev = 0.87962566103423978;

// scale / max(1, n), as Keras (so an empty or scalar shape is not divided by zero).
inline double target_variance(const Preset& preset, ShapeView shape) {
  const Fans fans = compute_fans(shape);
  const double n = preset.mode == Mode::fan_in    ? fans.in
                   : preset.mode == Mode::fan_out ? fans.out
                                                  : (fans.in + fans.out) / 2.0;
  return preset.scale / std::max(1.0, n);
}

inline void fill(const Preset& preset, ArrayMap values, ShapeView shape, Rng& rng) {
  const double variance = target_variance(preset, shape);
  switch (preset.distribution) {
    case Distribution::truncated_normal:
      return draws::truncated_normal(values, rng, 0.0, std::sqrt(variance) / truncated_unit_stddev);
    case Distribution::untruncated_normal:
      return draws::normal(values, rng, 0.0, std::sqrt(variance));
    case Distribution::uniform: {
      // U[-a, a) has variance a^2 / 3.
      const double limit = std::sqrt(3.0 * variance);
      return draws::uniform(values, rng, -limit, limit);
    }
  }
}

// An initializer that is one preset, with the optional seed.
class PresetInitializer : public Initializer {
 public:
  PresetInitializer(const Preset& preset, const Params& params) : preset_(preset), draws_(params) {}

  void fill(ArrayMap values, ShapeView shape, Rng& rng) const final {
    draws_.with(rng, [&](Rng& stream) { variance_scaling::fill(preset_, values, shape, stream); });
  }

 private:
  Preset preset_;
  SeededDraws draws_;
};

}  // namespace nnplug::variance_scaling

// The whole schema of a preset: its seed and nothing else.
#define NNPLUG_PRESET_SCHEMA \
  R"json({"type": "object", "additionalProperties": false, "properties": {)json" NNPLUG_SEED_PROPERTY "}}"
