#pragma once
// The three distributions Keras's random initializers draw from, and the `seed` parameter
// they all share. Draws are made in double and rounded once to float.
#include <nnplug/sdk/initializer.hpp>

#include <cmath>

namespace nnplug::draws {

// U[low, high).
inline void uniform(ArrayMap values, Rng& rng, double low, double high) {
  for (auto& value : values) value = static_cast<float>(rng.uniform(low, high));
}

// N(mean, stddev^2).
inline void normal(ArrayMap values, Rng& rng, double mean, double stddev) {
  for (auto& value : values) value = static_cast<float>(rng.normal(mean, stddev));
}

// A unit normal draw more than two standard deviations out is drawn again, as every Keras
// backend does: clipping instead would pile mass at the bounds.
inline double truncated_unit_normal(Rng& rng) {
  double z = rng.normal();
  while (std::abs(z) > 2.0) z = rng.normal();
  return z;
}

// N(mean, stddev^2) restricted to mean +- 2 stddev.
inline void truncated_normal(ArrayMap values, Rng& rng, double mean, double stddev) {
  for (auto& value : values) value = static_cast<float>(mean + stddev * truncated_unit_normal(rng));
}

}  // namespace nnplug::draws

// The schema entry of the optional `seed` every random initializer takes (SeededDraws).
#define NNPLUG_SEED_PROPERTY                                                                    \
  R"json("seed": {"type": ["integer", "null"], "default": null, "minimum": 0, )json"              \
  R"json("description": "fixed seed: every call gives the same values, as a seeded Keras )json"   \
  R"json(initializer; null draws from the model's random stream (seeded by the run's seed)"})json"
