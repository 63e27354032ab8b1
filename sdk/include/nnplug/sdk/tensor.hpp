#pragma once
// Float32 tensor types shared by the core and every plugin, and the seeded Rng
// that is the only source of randomness (so one seed reproduces a whole run).
#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <span>
#include <string>
#include <vector>

namespace nnplug {

// Row-major so a batch of samples is contiguous per sample, like numpy/Keras.
using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;
// A tensor's values as one flat array in row-major (numpy) order; its shape travels
// beside it as a ShapeView, so a formula that needs rows and columns (Adafactor, the
// orthogonal regularizer) views the same memory as a matrix.
using ArrayMap = Eigen::Map<Eigen::ArrayXf>;
using ConstArrayMap = Eigen::Map<const Eigen::ArrayXf>;
using MatrixMap = Eigen::Map<Matrix>;
using ConstMatrixMap = Eigen::Map<const Matrix>;
// Keras shapes: a Dense kernel is (inputs, units), its bias (units).
using Shape = std::vector<std::size_t>;
using ShapeView = std::span<const std::size_t>;

inline ArrayMap flat(Matrix& m) { return {m.data(), m.size()}; }
inline ConstArrayMap flat(const Matrix& m) { return {m.data(), m.size()}; }

inline std::size_t element_count(ShapeView shape) {
  std::size_t count = 1;
  for (const auto extent : shape) count *= extent;
  return count;
}

// A shape as Python prints it, "(2, 3, 4)", for errors about shapes a formula cannot take.
inline std::string shape_text(ShapeView shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

// A shape seen as a matrix, as numpy's reshape(-1, shape[-1]): rows are the product of
// all extents but the last. Rank 1 is one row; rank 0 is 1 x 1.
struct MatrixExtents {
  Eigen::Index rows = 1;
  Eigen::Index cols = 1;
};
inline MatrixExtents matrix_extents(ShapeView shape) {
  if (shape.empty()) return {};
  return {Eigen::Index(element_count(shape.first(shape.size() - 1))), Eigen::Index(shape.back())};
}
inline MatrixMap as_matrix(ArrayMap values, ShapeView shape) {
  const auto [rows, cols] = matrix_extents(shape);
  return {values.data(), rows, cols};
}
inline ConstMatrixMap as_matrix(ConstArrayMap values, ShapeView shape) {
  const auto [rows, cols] = matrix_extents(shape);
  return {values.data(), rows, cols};
}

// SplitMix64-seeded xoshiro256** with our own float conversions: std::*_distribution
// differ between standard libraries, and a seed must give the same weights everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) { reseed(seed); }

  void reseed(std::uint64_t seed) {
    for (auto& word : state_) {
      seed += 0x9E3779B97F4A7C15ull;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      word = z ^ (z >> 31);
    }
    has_spare_ = false;
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double low, double high) { return low + (high - low) * uniform(); }

  // Standard normal (Box-Muller in double precision).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = 0.0;
    while (u1 <= 0.0) u1 = uniform();
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }
  double normal(double mean, double stddev) { return mean + stddev * normal(); }

  // Uniform integer in [0, bound).
  std::uint64_t below(std::uint64_t bound) { return bound == 0 ? 0 : next() % bound; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4]{};
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace nnplug
