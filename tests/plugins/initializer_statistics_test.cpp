// Every built-in initializer, drawn through the registry. Keras's own random streams are
// out of reach (KERAS_REFERENCE.md section 2), so random initializers are checked as
// distributions: mean, variance, support, a Kolmogorov-Smirnov test against the exact CDF
// (the truncated-normal CDF for truncated ones) and the mass next to the bounds (a clipped
// draw would pile it there). Bounds and standard deviations are written from Keras's fans
// by hand, not computed with compute_fans. Then orthogonal, identity, the constants, and
// Keras's seed semantics.
#include "plugins/plugin_testing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

namespace {

using nnplug::Json;
using nnplug::Shape;

template <class Initializer>
std::vector<float> draw(Initializer& initializer, const Shape& shape, nnplug::Rng& rng) {
  std::vector<float> values(nnplug::element_count(shape), 123.0f);  // every value must be written
  initializer.fill(nnplug::ArrayMap(values.data(), Eigen::Index(values.size())), shape, rng);
  return values;
}

auto create(const std::string& name, const Json& params = Json::object()) {
  return nnplug::testing::built_plugins().create<nnplug::Initializer>(name, params);
}

// Keras's truncation correction: the standard deviation of a unit normal cut at +-2.
constexpr double truncated_unit_stddev = 0.87962566103423978;

double unit_normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }
double unit_normal_density(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }

// The distribution a draw should follow. For the normals, `a` is the mean and `b` the
// standard deviation before any truncation; for the uniform, [a, b).
struct Distribution {
  enum Kind { uniform, normal, truncated_normal } kind;
  double a;
  double b;

  double cdf(double x) const {
    if (kind == uniform) return std::clamp((x - a) / (b - a), 0.0, 1.0);
    const double z = (x - a) / b;
    if (kind == normal) return unit_normal_cdf(z);
    const double inside = unit_normal_cdf(2.0) - unit_normal_cdf(-2.0);
    return std::clamp((unit_normal_cdf(z) - unit_normal_cdf(-2.0)) / inside, 0.0, 1.0);
  }
  double mean() const { return kind == uniform ? (a + b) / 2.0 : a; }
  double variance() const {
    if (kind == uniform) return (b - a) * (b - a) / 12.0;
    if (kind == normal) return b * b;
    const double inside = unit_normal_cdf(2.0) - unit_normal_cdf(-2.0);
    return b * b * (1.0 - 4.0 * unit_normal_density(2.0) / inside);
  }
  bool bounded() const { return kind != normal; }
  double low() const { return kind == uniform ? a : a - 2.0 * b; }
  double high() const { return kind == uniform ? b : a + 2.0 * b; }
};

Distribution uniform_in(double limit) { return {Distribution::uniform, -limit, limit}; }
// A truncated normal whose standard deviation after truncation is `stddev` (Keras's presets).
Distribution truncated_with_stddev(double stddev) {
  return {Distribution::truncated_normal, 0.0, stddev / truncated_unit_stddev};
}

// Kolmogorov-Smirnov statistic sup |F_n(x) - F(x)| of the sample against the exact CDF.
double ks_statistic(std::vector<float> values, const Distribution& expected) {
  std::sort(values.begin(), values.end());
  const double n = double(values.size());
  double largest = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double f = expected.cdf(values[i]);
    largest = std::max({largest, double(i + 1) / n - f, f - double(i) / n});
  }
  return largest;
}

// The KS statistic's critical value at significance 0.001: sqrt(-ln(0.001 / 2) / 2) / sqrt(n)
// (Kolmogorov's limit law; within 1% of the exact value for the n >= 2e5 drawn here).
double ks_threshold(std::size_t n) { return 1.94947 / std::sqrt(double(n)); }

void check_distribution(const std::vector<float>& values, const Distribution& expected, const std::string& what) {
  INFO(what);
  const double n = double(values.size());
  double sum = 0.0;
  for (float v : values) sum += v;
  const double mean = sum / n;
  double squares = 0.0;
  for (float v : values) squares += (v - mean) * (v - mean);
  const double variance = squares / (n - 1.0);
  const double stddev = std::sqrt(expected.variance());

  // Five standard errors: of the mean sigma / sqrt(n); of the variance at most
  // sigma^2 sqrt(2 / n) (the normal's; uniform and truncated draws vary less).
  CHECK(std::abs(mean - expected.mean()) <= 5.0 * stddev / std::sqrt(n));
  CHECK(std::abs(variance / expected.variance() - 1.0) <= 5.0 * std::sqrt(2.0 / n));

  const double ks = ks_statistic(values, expected);
  INFO("Kolmogorov-Smirnov statistic " << ks << ", threshold " << ks_threshold(values.size()));
  CHECK(ks < ks_threshold(values.size()));

  if (!expected.bounded()) return;
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  INFO("range [" << *low << ", " << *high << "], support [" << expected.low() << ", " << expected.high() << "]");
  CHECK(*low >= float(expected.low()));
  CHECK(*high <= float(expected.high()));
  // The outer 1% of each half of the support holds what the density puts there, no more
  // (a clipped draw piles 2.3% of a truncated normal onto each bound) and no less (the
  // support is not narrower than specified). Binomial count, five standard deviations.
  const double left_edge = expected.low() + 0.01 * (expected.mean() - expected.low());
  const double right_edge = expected.high() - 0.01 * (expected.high() - expected.mean());
  const double p = 1.0 - (expected.cdf(right_edge) - expected.cdf(left_edge));
  const double near_bounds = double(std::count_if(values.begin(), values.end(), [&](float v) {
    return v <= left_edge || v >= right_edge;
  }));
  INFO(near_bounds << " values within 1% of the bounds, expected " << n * p);
  CHECK(std::abs(near_bounds - n * p) <= 5.0 * std::sqrt(n * p * (1.0 - p)));
}

struct StatisticsCase {
  std::string name;
  Json params;
  Shape shape;
  Distribution expected;
};

}  // namespace

TEST_CASE("random initializers follow their distributions with Keras's fans", "[plugins][initializers]") {
  // Fans as Keras computes them: (784, 256): 784 in, 256 out; (3, 3, 160, 320): receptive
  // field 9, fan_in 1440; (5, 5, 3, 6400): field 25, fan_in 75; (200000): 200000 each.
  const std::vector<StatisticsCase> cases{
      {"random_normal", Json::object(), {1000, 500}, {Distribution::normal, 0.0, 0.05}},
      {"normal", {{"mean", 1.5}, {"stddev", 0.2}}, {1000, 500}, {Distribution::normal, 1.5, 0.2}},
      {"RandomNormal", {{"seed", 11}}, {1000, 500}, {Distribution::normal, 0.0, 0.05}},
      {"random_uniform", Json::object(), {1000, 500}, {Distribution::uniform, -0.05, 0.05}},
      {"uniform", {{"minval", 2.0}, {"maxval", 3.0}}, {1000, 500}, {Distribution::uniform, 2.0, 3.0}},
      {"truncated_normal", Json::object(), {1000, 500}, {Distribution::truncated_normal, 0.0, 0.05}},
      {"TruncatedNormal", {{"mean", -1.0}, {"stddev", 2.0}}, {1000, 500}, {Distribution::truncated_normal, -1.0, 2.0}},
      // variance_scaling defaults: scale 1, fan_in, truncated normal.
      {"variance_scaling", Json::object(), {784, 256}, truncated_with_stddev(std::sqrt(1.0 / 784.0))},
      {"variance_scaling", {{"distribution", "normal"}}, {784, 256}, truncated_with_stddev(std::sqrt(1.0 / 784.0))},
      {"VarianceScaling",
       {{"scale", 2.0}, {"mode", "fan_out"}, {"distribution", "untruncated_normal"}},
       {784, 256},
       {Distribution::normal, 0.0, std::sqrt(2.0 / 256.0)}},
      {"variance_scaling",
       {{"scale", 0.5}, {"mode", "fan_avg"}, {"distribution", "uniform"}},
       {3, 3, 32, 64, 20},  // field 3 * 3 * 32 = 288: fans 288 * 64 = 18432 and 288 * 20 = 5760
       uniform_in(std::sqrt(3.0 * 0.5 / ((18432.0 + 5760.0) / 2.0)))},
      {"glorot_uniform", Json::object(), {784, 256}, uniform_in(std::sqrt(6.0 / (784.0 + 256.0)))},
      {"GlorotUniform", Json::object(), {200000}, uniform_in(std::sqrt(6.0 / 400000.0))},
      {"glorot_normal", Json::object(), {784, 256}, truncated_with_stddev(std::sqrt(2.0 / (784.0 + 256.0)))},
      {"he_uniform", Json::object(), {3, 3, 160, 320}, uniform_in(std::sqrt(6.0 / 1440.0))},
      {"he_normal", Json::object(), {784, 256}, truncated_with_stddev(std::sqrt(2.0 / 784.0))},
      {"lecun_uniform", Json::object(), {5, 5, 3, 6400}, uniform_in(std::sqrt(3.0 / 75.0))},
      {"lecun_normal", Json::object(), {1000, 300}, truncated_with_stddev(std::sqrt(1.0 / 1000.0))},
  };
  nnplug::Rng rng(2024);
  for (const auto& c : cases) {
    auto initializer = create(c.name, c.params);
    check_distribution(draw(initializer, c.shape, rng), c.expected, c.name + " " + c.params.dump());
  }
}

TEST_CASE("uniform presets reach exactly Keras's bound for each kernel shape", "[plugins][initializers]") {
  struct BoundCase {
    std::string name;
    Json params;
    Shape shape;
    double limit;
  };
  const std::vector<BoundCase> cases{
      {"glorot_uniform", Json::object(), {784, 256}, 0.07595545253127},      // sqrt(6 / 1040)
      {"glorot_uniform", Json::object(), {3, 3, 16, 32}, 0.11785113019776},  // sqrt(6 / (144 + 288))
      {"glorot_uniform", Json::object(), {5, 16, 32}, 0.15811388300842},     // Conv1D: sqrt(6 / (80 + 160))
      {"glorot_uniform", Json::object(), {3000}, 0.03162277660168},          // rank 1: sqrt(6 / 6000)
      {"he_uniform", Json::object(), {3, 3, 16, 32}, 0.20412414523193},      // sqrt(6 / 144)
      {"lecun_uniform", Json::object(), {5, 5, 3, 64}, 0.2},                 // sqrt(3 / 75)
      {"variance_scaling", {{"mode", "fan_out"}, {"distribution", "uniform"}}, {3, 3, 16, 32},
       0.10206207261597},  // sqrt(3 / 288)
  };
  nnplug::Rng rng(5);
  for (const auto& c : cases) {
    INFO(c.name << " " << c.params.dump() << " of " << c.shape.size() << "-d shape, " << nnplug::element_count(c.shape)
                << " values");
    auto initializer = create(c.name, c.params);
    const auto values = draw(initializer, c.shape, rng);
    float largest = 0.0f;
    for (float v : values) largest = std::max(largest, std::abs(v));
    const double n = double(values.size());
    CHECK(largest <= float(c.limit));
    // The largest of n draws of |U(-L, L)| falls below L (1 - 20 / n) with probability e^-20.
    CHECK(largest >= c.limit * (1.0 - 20.0 / n));
  }
  // A scalar has fans (1, 1).
  auto glorot = create("glorot_uniform");
  CHECK(std::abs(draw(glorot, {}, rng)[0]) <= float(std::sqrt(3.0)));
}

TEST_CASE("truncated normals never pass two standard deviations on small kernels", "[plugins][initializers]") {
  nnplug::Rng rng(8);
  for (int repeat = 0; repeat < 200; ++repeat) {
    auto he_normal = create("he_normal");
    // (3, 3, 16, 32): fan_in 144, sigma before truncation sqrt(2 / 144) / 0.8796...
    const float bound = float(2.0 * std::sqrt(2.0 / 144.0) / truncated_unit_stddev);
    for (float v : draw(he_normal, {3, 3, 16, 32}, rng)) REQUIRE(std::abs(v) <= bound);
  }
}

TEST_CASE("orthogonal gives gain^2 I for Q^T Q (tall) or Q Q^T (wide)", "[plugins][initializers]") {
  struct OrthogonalCase {
    Shape shape;
    double gain;
  };
  nnplug::Rng rng(3);
  for (const auto& [shape, gain] : std::vector<OrthogonalCase>{
           {{64, 32}, 1.0}, {{32, 64}, 1.0}, {{50, 50}, 2.5}, {{3, 3, 8, 16}, 0.5}, {{7, 200}, 1.0}}) {
    const auto [rows, cols] = nnplug::matrix_extents(shape);
    INFO("shape " << rows << " x " << cols << " (rank " << shape.size() << "), gain " << gain);
    auto orthogonal = create("orthogonal", {{"gain", gain}});
    auto values = draw(orthogonal, shape, rng);
    const nnplug::Matrix q = nnplug::as_matrix(nnplug::ArrayMap(values.data(), Eigen::Index(values.size())), shape);
    const Eigen::MatrixXd q_double = q.cast<double>();
    const Eigen::MatrixXd gram = rows >= cols ? Eigen::MatrixXd(q_double.transpose() * q_double)
                                              : Eigen::MatrixXd(q_double * q_double.transpose());
    const Eigen::MatrixXd expected = gain * gain * Eigen::MatrixXd::Identity(gram.rows(), gram.cols());
    // Float entries: each inner product of up to 200 terms is off by about 1e-7 of gain^2.
    CHECK((gram - expected).cwiseAbs().maxCoeff() <= 2e-5 * gain * gain);
  }
}

TEST_CASE("orthogonal is not biased by the QR's sign convention", "[plugins][initializers]") {
  // With Keras's sign(diag(R)) correction Q is uniformly distributed, so Q[0][0] is positive
  // half of the time; Householder QR alone makes it negative every time.
  auto orthogonal = create("OrthogonalInitializer");
  nnplug::Rng rng(17);
  int positive = 0;
  const int fills = 400;
  for (int i = 0; i < fills; ++i) positive += draw(orthogonal, {4, 4}, rng)[0] > 0.0f;
  // Binomial(400, 0.5): standard deviation 10; five of them.
  CHECK(std::abs(positive - fills / 2) <= 50);
}

TEST_CASE("orthogonal and identity refuse shapes they cannot fill and name them", "[plugins][initializers]") {
  nnplug::Rng rng(1);
  auto orthogonal = create("orthogonal");
  CHECK_THROWS_WITH(draw(orthogonal, {5}, rng), Catch::Contains("(5,)"));
  auto identity = create("identity");
  CHECK_THROWS_WITH(draw(identity, {2, 3, 4}, rng), Catch::Contains("(2, 3, 4)"));
  CHECK_THROWS_WITH(draw(identity, {6}, rng), Catch::Contains("(6,)"));
}

TEST_CASE("identity is gain on the diagonal of rectangular matrices too", "[plugins][initializers]") {
  nnplug::Rng rng(1);
  for (const std::string name : {"identity", "Identity", "IdentityInitializer"}) {
    auto identity = create(name, {{"gain", 2.0}});
    CHECK(draw(identity, {3, 5}, rng) == std::vector<float>{2, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 2, 0, 0});
    CHECK(draw(identity, {3, 2}, rng) == std::vector<float>{2, 0, 0, 2, 0, 0});
  }
  auto plain = create("identity");
  CHECK(draw(plain, {2, 2}, rng) == std::vector<float>{1, 0, 0, 1});
}

TEST_CASE("zeros and ones and constant fill every value", "[plugins][initializers]") {
  nnplug::Rng rng(1);
  for (const std::string name : {"zeros", "zero", "Zeros"}) {
    auto initializer = create(name);
    CHECK(draw(initializer, {17, 5}, rng) == std::vector<float>(85, 0.0f));  // draw() pre-fills 123
  }
  for (const std::string name : {"ones", "one", "Ones"}) {
    auto initializer = create(name);
    CHECK(draw(initializer, {4, 3, 2}, rng) == std::vector<float>(24, 1.0f));
  }
  auto zero_by_default = create("constant");
  CHECK(draw(zero_by_default, {7}, rng) == std::vector<float>(7, 0.0f));
  auto constant = create("Constant", {{"value", 0.3}});
  CHECK(draw(constant, {2, 5}, rng) == std::vector<float>(10, 0.3f));
}

TEST_CASE("a seeded initializer repeats itself; an unseeded one draws from the model's stream",
          "[plugins][initializers]") {
  for (const std::string name : {"random_normal", "random_uniform", "truncated_normal", "variance_scaling",
                                 "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform",
                                 "lecun_normal", "orthogonal"}) {
    INFO(name);
    auto seeded = create(name, {{"seed", 42}});
    auto same_seed = create(name, {{"seed", 42}});
    auto other_seed = create(name, {{"seed", 43}});
    auto unseeded = create(name, {{"seed", nullptr}});
    auto by_default = create(name);

    nnplug::Rng model_rng(1);
    const auto first = draw(seeded, {20, 10}, model_rng);
    CHECK(draw(seeded, {20, 10}, model_rng) == first);     // Keras: a seeded instance repeats itself
    CHECK(draw(same_seed, {20, 10}, model_rng) == first);  // and the seed alone decides the values
    CHECK(draw(other_seed, {20, 10}, model_rng) != first);
    // A seeded initializer leaves the model's stream alone.
    nnplug::Rng untouched(9), reference(9);
    draw(seeded, {20, 10}, untouched);
    CHECK(untouched.next() == reference.next());

    nnplug::Rng a(5), b(5);
    const auto from_a = draw(unseeded, {20, 10}, a);
    CHECK(draw(unseeded, {20, 10}, b) == from_a);     // the model's seed reproduces the run
    CHECK(draw(unseeded, {20, 10}, a) != from_a);     // two fills from one stream differ
    nnplug::Rng c(5);
    CHECK(draw(by_default, {20, 10}, c) == from_a);   // no seed is the default
  }
}

TEST_CASE("initializer parameters outside what Keras accepts are refused", "[plugins][initializers]") {
  CHECK_THROWS(create("variance_scaling", {{"scale", 0.0}}));
  CHECK_THROWS(create("variance_scaling", {{"mode", "fan_sum"}}));
  CHECK_THROWS(create("variance_scaling", {{"distribution", "cauchy"}}));
  CHECK_THROWS(create("random_normal", {{"stddev", -0.1}}));
  CHECK_THROWS(create("glorot_uniform", {{"seed", -1}}));
  CHECK_THROWS(create("he_normal", {{"gain", 2.0}}));
  CHECK_THROWS_WITH(create("random_uniform", {{"minval", 1.0}, {"maxval", 0.5}}), Catch::Contains("minval"));
}
