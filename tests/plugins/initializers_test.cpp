// glorot_uniform checked statistically (Keras's own RNG is out of reach) and for Keras's
// seed semantics; zeros checked exactly.
#include "plugins/plugin_testing.hpp"

#include <cmath>

namespace {

using nnplug::Json;

std::vector<float> draw(const nnplug::Initializer& initializer, const nnplug::Shape& shape, nnplug::Rng& rng) {
  std::size_t size = 1;
  for (auto n : shape) size *= n;
  std::vector<float> values(size, 123.0f);
  initializer.fill(nnplug::ArrayMap(values.data(), static_cast<Eigen::Index>(size)), shape, rng);
  return values;
}

}  // namespace

TEST_CASE("glorot_uniform draws U(-limit, limit) with limit sqrt(6 / (fan_in + fan_out))", "[plugins]") {
  const auto initializer = nnplug::testing::built_plugins().create<nnplug::Initializer>("glorot_uniform");
  nnplug::Rng rng(7);
  const auto values = draw(*initializer, {784, 256}, rng);
  const double limit = std::sqrt(6.0 / (784.0 + 256.0));

  double sum = 0.0, sum_of_squares = 0.0, low = 0.0, high = 0.0;
  for (float v : values) {
    sum += v;
    sum_of_squares += double(v) * v;
    low = std::min(low, double(v));
    high = std::max(high, double(v));
  }
  const double n = double(values.size());
  const double mean = sum / n;
  const double variance = sum_of_squares / n - mean * mean;
  CHECK(low >= -limit);
  CHECK(high < limit);
  // The draws reach the ends of the interval, so the limit is not smaller than specified.
  CHECK(low < -0.99 * limit);
  CHECK(high > 0.99 * limit);
  // Standard error of the mean is limit/sqrt(3n) ~ 1.6e-4 * limit; allow 5 of them.
  CHECK(std::abs(mean) < 5.0 * limit / std::sqrt(3.0 * n));
  CHECK(variance == Approx(limit * limit / 3.0).epsilon(0.02));
}

TEST_CASE("glorot_uniform uses Keras's fans for vectors and convolution kernels", "[plugins]") {
  const auto initializer = nnplug::testing::built_plugins().create<nnplug::Initializer>("glorot_uniform");
  nnplug::Rng rng(3);
  // (3, 3, 16, 32): receptive field 9, fans 144 and 288.
  const auto kernel = draw(*initializer, {3, 3, 16, 32}, rng);
  const double kernel_limit = std::sqrt(6.0 / (144.0 + 288.0));
  const auto [kernel_low, kernel_high] = std::minmax_element(kernel.begin(), kernel.end());
  CHECK(*kernel_low >= -kernel_limit);
  CHECK(*kernel_high < kernel_limit);
  CHECK(*kernel_high > 0.98 * kernel_limit);
  // Rank 1: fan_in = fan_out = n.
  const auto vector = draw(*initializer, {3000}, rng);
  const double vector_limit = std::sqrt(6.0 / 6000.0);
  const auto [vector_low, vector_high] = std::minmax_element(vector.begin(), vector.end());
  CHECK(*vector_low >= -vector_limit);
  CHECK(*vector_high > 0.98 * vector_limit);
}

TEST_CASE("a seeded glorot_uniform gives the same values on every call; unseeded draws advance", "[plugins]") {
  const auto& registry = nnplug::testing::built_plugins();
  const auto seeded = registry.create<nnplug::Initializer>("glorot_uniform", {{"seed", 42}});
  const auto same_seed = registry.create<nnplug::Initializer>("GlorotUniform", {{"seed", 42}});
  const auto other_seed = registry.create<nnplug::Initializer>("glorot_uniform", {{"seed", 43}});
  const auto unseeded = registry.create<nnplug::Initializer>("glorot_uniform", {{"seed", nullptr}});

  nnplug::Rng model_rng(1);
  const auto first = draw(*seeded, {20, 10}, model_rng);
  CHECK(draw(*seeded, {20, 10}, model_rng) == first);     // Keras: a seeded instance repeats itself
  CHECK(draw(*same_seed, {20, 10}, model_rng) == first);  // and the seed alone decides the values
  CHECK(draw(*other_seed, {20, 10}, model_rng) != first);

  nnplug::Rng a(5), b(5);
  const auto from_a = draw(*unseeded, {20, 10}, a);
  CHECK(draw(*unseeded, {20, 10}, b) == from_a);  // the model's seed reproduces the run
  CHECK(draw(*unseeded, {20, 10}, a) != from_a);  // and every call takes new draws from it
  // A seeded initializer leaves the model's stream alone.
  nnplug::Rng untouched(9), reference(9);
  draw(*seeded, {20, 10}, untouched);
  CHECK(untouched.next() == reference.next());
}

TEST_CASE("zeros fills with zeros", "[plugins]") {
  for (const std::string name : {"zeros", "zero", "Zeros"}) {
    const auto initializer = nnplug::testing::built_plugins().create<nnplug::Initializer>(name);
    nnplug::Rng rng(1);
    const auto values = draw(*initializer, {17, 5}, rng);  // draw() pre-fills 123
    CHECK(values == std::vector<float>(85, 0.0f));
  }
}
