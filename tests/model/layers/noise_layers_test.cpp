// GaussianNoise, GaussianDropout and AlphaDropout: their training-time statistics on
// large batches, identity outside training, gradients, seeds, refusals and allocations.
// Expected values follow Keras 3's layer code (keras/src/layers/regularization/*.py),
// transcribed here since no oracle library in this environment has these layers'
// exact formulas at float level (torch's AlphaDropout keeps no SELU-a/b constants public).
#include "model/model_support.hpp"
#include "support/allocation_counter.hpp"

#include <nnplug/base/error.hpp>
#include <nnplug/model/layer.hpp>

#include <cmath>
#include <functional>
#include <memory>

using namespace nnplug;

namespace {

struct Moments {
  double mean = 0.0, variance = 0.0;
  std::size_t count = 0;
};

Moments moments(const Matrix& m) {
  const auto values = m.cast<double>().array();
  Moments out;
  out.count = std::size_t(m.size());
  out.mean = values.mean();
  out.variance = (values - out.mean).square().sum() / double(out.count - 1);
  return out;
}

// 5 standard errors of a sample mean and of a sample variance of Gaussian draws.
double mean_bound(double variance, std::size_t n) { return 5.0 * std::sqrt(variance / double(n)); }
double gaussian_variance_bound(double variance, std::size_t n) { return 5.0 * variance * std::sqrt(2.0 / double(n - 1)); }

constexpr Eigen::Index rows = 500, cols = 400;  // 200,000 values per batch

double selu(double x) {
  constexpr double alpha = 1.6732632423543772848170429916717, scale = 1.0507009873554804934193349852946;
  return scale * (x > 0 ? x : alpha * (std::exp(x) - 1.0));
}

using Factory = std::function<std::unique_ptr<TrainingNoise>(std::optional<std::uint64_t> seed)>;

const std::vector<std::pair<std::string, Factory>>& noise_layers() {
  static const std::vector<std::pair<std::string, Factory>> all{
      {"dropout", [](auto seed) { return std::make_unique<Dropout>("dropout", 0.3, seed); }},
      {"gaussian_noise", [](auto seed) { return std::make_unique<GaussianNoise>("gaussian_noise", 0.5, seed); }},
      {"gaussian_dropout", [](auto seed) { return std::make_unique<GaussianDropout>("gaussian_dropout", 0.3, seed); }},
      {"alpha_dropout", [](auto seed) { return std::make_unique<AlphaDropout>("alpha_dropout", 0.3, seed); }},
  };
  return all;
}

}  // namespace

TEST_CASE("GaussianNoise adds N(0, stddev^2) in training", "[model][noise]") {
  for (const double stddev : {0.1, 0.5, 1.0}) {
    INFO("stddev " << stddev);
    GaussianNoise layer("gaussian_noise", stddev, std::nullopt);
    Rng rng(11), data_rng(2);
    layer.build(cols, rng);
    const Matrix input = model_test::random_matrix(rows, cols, data_rng);
    const Matrix added = layer.forward(input, true, rng) - input;
    const Moments m = moments(added);
    CHECK(std::abs(m.mean) < mean_bound(stddev * stddev, m.count));
    CHECK(std::abs(m.variance - stddev * stddev) < gaussian_variance_bound(stddev * stddev, m.count));
    // Additive noise passes the gradient through unchanged.
    const Matrix upstream = model_test::random_matrix(rows, cols, data_rng);
    CHECK(layer.backward(input, upstream, true) == upstream);
  }
}

TEST_CASE("GaussianDropout multiplies by N(1, rate / (1 - rate)) in training", "[model][noise]") {
  for (const double rate : {0.1, 0.3, 0.5}) {
    INFO("rate " << rate);
    GaussianDropout layer("gaussian_dropout", rate, std::nullopt);
    Rng rng(12), data_rng(3);
    layer.build(cols, rng);
    const Matrix input = model_test::random_matrix(rows, cols, data_rng, 0.5, 1.5);
    const Matrix factor = layer.forward(input, true, rng).cwiseQuotient(input);
    const double variance = rate / (1.0 - rate);
    const Moments m = moments(factor);
    CHECK(std::abs(m.mean - 1.0) < mean_bound(variance, m.count));
    CHECK(std::abs(m.variance - variance) < gaussian_variance_bound(variance, m.count));
    // The mean of the output is the mean of the input (multiplicative noise with mean 1).
    CHECK(std::abs(layer.forward(input, true, rng).cast<double>().mean() - input.cast<double>().mean()) <
          mean_bound(variance * 1.5 * 1.5, m.count));
    // The gradient is multiplied by the same factors.
    const Matrix ones = Matrix::Ones(rows, cols);
    const Matrix drawn = layer.forward(ones, true, rng);
    const Matrix upstream = model_test::random_matrix(rows, cols, data_rng);
    CHECK(layer.backward(ones, upstream, true) == upstream.cwiseProduct(drawn));
  }
}

TEST_CASE("AlphaDropout keeps mean 0 and variance 1 of SELU-distributed inputs", "[model][noise]") {
  constexpr double alpha_p = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946;
  Rng data_rng(4);
  Matrix input(rows, cols);
  for (Eigen::Index k = 0; k < input.size(); ++k) input.data()[k] = float(selu(data_rng.normal()));
  const Moments before = moments(input);
  // SELU's fixed point: N(0, 1) in, mean 0 and variance 1 out.
  REQUIRE(std::abs(before.mean) < 0.01);
  REQUIRE(std::abs(before.variance - 1.0) < 0.02);
  for (const double rate : {0.05, 0.1, 0.3, 0.5}) {
    INFO("rate " << rate);
    AlphaDropout layer("alpha_dropout", rate, std::nullopt);
    Rng rng(13);
    layer.build(cols, rng);
    const Matrix out = layer.forward(input, true, rng);
    // Keras's constants: a = ((1 - rate)(1 + rate alpha_p^2))^-1/2, b = -a alpha_p rate.
    const double a = std::pow((1.0 - rate) * (1.0 + rate * alpha_p * alpha_p), -0.5), b = -a * alpha_p * rate;
    const double dropped_value = a * alpha_p + b;
    const auto close = [](double x, double y) { return std::abs(x - y) <= 1e-6 * (1.0 + std::abs(y)); };
    // Which entries were dropped; inputs that map onto the dropped value itself are ambiguous and skipped.
    std::vector<char> was_dropped(std::size_t(out.size()), 0);
    Eigen::Index dropped = 0, wrong = 0;
    for (Eigen::Index k = 0; k < out.size(); ++k) {
      const double kept_value = a * input.data()[k] + b;
      if (close(kept_value, dropped_value)) continue;
      was_dropped[std::size_t(k)] = close(out.data()[k], dropped_value);
      dropped += was_dropped[std::size_t(k)];
      wrong += !was_dropped[std::size_t(k)] && !close(out.data()[k], kept_value);
    }
    CHECK(wrong == 0);
    const double n = double(out.size());
    CHECK(std::abs(double(dropped) / n - rate) < 5.0 * std::sqrt(rate * (1.0 - rate) / n));
    const Moments after = moments(out);
    // SELU outputs are skewed, so the variance's standard error is wider than a Gaussian's:
    // sqrt((kurtosis - 1) / n) with kurtosis below 10 here, times 5 is below 0.035.
    CHECK(std::abs(after.mean) < 0.012);
    CHECK(std::abs(after.variance - 1.0) < 0.035);
    // d(out)/d(in) is a where kept and 0 where dropped.
    const Matrix upstream = Matrix::Ones(rows, cols);
    const Matrix grad = layer.backward(input, upstream, true);
    for (Eigen::Index k = 0; k < grad.size(); ++k) {
      if (close(a * input.data()[k] + b, dropped_value)) continue;
      if (grad.data()[k] != (was_dropped[std::size_t(k)] ? 0.0f : float(a)))
        FAIL("gradient entry " << k << " is " << grad.data()[k]);
    }
  }
}

TEST_CASE("every noise layer is the identity in evaluate and predict", "[model][noise]") {
  Rng data_rng(5);
  const Matrix input = model_test::random_matrix(20, 30, data_rng);
  const Matrix upstream = model_test::random_matrix(20, 30, data_rng);
  for (const auto& [type, make] : noise_layers()) {
    INFO(type);
    auto layer = make(std::nullopt);
    Rng rng(1);
    layer->build(30, rng);
    CHECK(layer->forward(input, true, rng) != input);  // the check below would pass for a broken layer otherwise
    CHECK(layer->forward(input, false, rng) == input);
    CHECK(layer->backward(input, upstream, true) == upstream);
    CHECK(layer->backward(input, upstream, false).size() == 0);
    CHECK(layer->output_dim() == 30);
  }
}

TEST_CASE("noise layers are reproducible from their seed or the model's stream", "[model][noise]") {
  const Matrix input = Matrix::Constant(16, 24, 0.7f);
  for (const auto& [type, make] : noise_layers()) {
    INFO(type);
    auto first = make(99), second = make(99), other = make(100);
    Rng rng_a(1), rng_b(2);
    const Matrix a1 = first->forward(input, true, rng_a), a2 = first->forward(input, true, rng_a);
    CHECK(second->forward(input, true, rng_b) == a1);
    CHECK(second->forward(input, true, rng_b) == a2);
    CHECK(a1 != a2);  // new draws on every call
    CHECK(other->forward(input, true, rng_a) != a1);
    CHECK(rng_a.next() == Rng(1).next());  // a seeded layer leaves the model's stream alone

    auto unseeded_a = make(std::nullopt), unseeded_b = make(std::nullopt);
    Rng same_a(8), same_b(8);
    CHECK(unseeded_a->forward(input, true, same_a) == unseeded_b->forward(input, true, same_b));
    CHECK(same_a.next() != Rng(8).next());  // an unseeded layer draws from the model's stream
  }
}

TEST_CASE("noise layers refuse settings Keras refuses or that have no finite result", "[model][noise]") {
  CHECK_THROWS_WITH(GaussianDropout("gd", 1.0, std::nullopt), Catch::StartsWith("gd: GaussianDropout rate must be in [0, 1)"));
  CHECK_THROWS_WITH(AlphaDropout("ad", 1.0, std::nullopt), Catch::StartsWith("ad: AlphaDropout rate must be in [0, 1)"));
  CHECK_THROWS_WITH(GaussianNoise("gn", 1.5, std::nullopt), Catch::StartsWith("gn: GaussianNoise stddev must be in [0, 1]"));
  CHECK_THROWS_AS(GaussianNoise("gn", -0.1, std::nullopt), Error);
  CHECK_THROWS_AS(AlphaDropout("ad", std::nan(""), std::nullopt), Error);
  // rate 0 / stddev 0 are the identity even in training.
  Rng rng(1);
  const Matrix input = Matrix::Ones(3, 3);
  CHECK(GaussianNoise("gn", 0.0, std::nullopt).forward(input, true, rng) == input);
  CHECK(GaussianDropout("gd", 0.0, std::nullopt).forward(input, true, rng) == input);
  CHECK(AlphaDropout("ad", 0.0, std::nullopt).forward(input, true, rng) == input);
}

TEST_CASE("noise layers allocate nothing once both batch sizes were seen", "[model][noise][perf]") {
  Rng data_rng(6);
  const Matrix full = model_test::random_matrix(16, 12, data_rng), last = model_test::random_matrix(2, 12, data_rng);
  for (const auto& [type, make] : noise_layers()) {
    INFO(type);
    auto layer = make(std::nullopt);
    Rng rng(3);
    layer->build(12, rng);
    const auto step = [&](const Matrix& batch) {
      layer->forward(batch, true, rng);
      layer->backward(batch, batch, true);
    };
    step(full), step(last);
    CHECK(testing::allocations_in([&] { step(full), step(full), step(last), step(full), step(last); }) == 0);
  }
}
