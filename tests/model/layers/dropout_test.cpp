#include "model/model_support.hpp"

#include <nnplug/base/error.hpp>
#include <nnplug/model/layer.hpp>

#include <cmath>

using namespace nnplug;

namespace {

Matrix ones(Eigen::Index rows, Eigen::Index cols) { return Matrix::Ones(rows, cols); }

}  // namespace

TEST_CASE("Dropout keeps 1 - rate of the values, scaled by exactly 1 / (1 - rate)", "[model][dropout]") {
  for (const double rate : {0.1, 0.25, 0.5, 0.8}) {
    INFO("rate " << rate);
    Dropout dropout("dropout", rate, std::nullopt);
    Rng rng(42);
    dropout.build(500, rng);
    Rng data_rng(1);
    const Matrix input = model_test::random_matrix(400, 500, data_rng, 0.5, 1.5);  // nothing is zero before dropout
    const Matrix& out = dropout.forward(input, true, rng);
    const float scale = float(1.0 / (1.0 - rate));
    Eigen::Index kept = 0, wrongly_scaled = 0;
    for (Eigen::Index k = 0; k < out.size(); ++k) {
      if (out.data()[k] == 0.0f) continue;
      ++kept;
      wrongly_scaled += out.data()[k] != input.data()[k] * scale;
    }
    CHECK(wrongly_scaled == 0);
    const double n = double(out.size());
    const double kept_fraction = double(kept) / n;
    // Binomial: 5 standard deviations of the kept fraction.
    CHECK(std::abs(kept_fraction - (1.0 - rate)) < 5.0 * std::sqrt(rate * (1.0 - rate) / n));
    // Expectation preserved: the mean of the output is the mean of the input.
    CHECK(out.cast<double>().mean() == Approx(input.cast<double>().mean()).epsilon(0.01));
  }
}

TEST_CASE("Dropout backward multiplies by the same mask", "[model][dropout]") {
  Dropout dropout("dropout", 0.3, std::nullopt);
  Rng rng(3);
  dropout.build(50, rng);
  const Matrix input = ones(20, 50);
  const Matrix out = dropout.forward(input, true, rng);
  Rng upstream_rng(4);
  const Matrix upstream = model_test::random_matrix(20, 50, upstream_rng);
  const Matrix grad = dropout.backward(input, upstream, true);
  // With an input of ones the output is the mask itself.
  CHECK(grad == upstream.cwiseProduct(out));
  CHECK(dropout.backward(input, upstream, false).size() == 0);
}

TEST_CASE("Dropout is the identity outside training", "[model][dropout]") {
  Dropout dropout("dropout", 0.5, 7);
  Rng rng(3);
  dropout.build(10, rng);
  Rng data_rng(5);
  const Matrix input = model_test::random_matrix(8, 10, data_rng);
  CHECK(dropout.forward(input, false, rng) == input);
  const Matrix upstream = model_test::random_matrix(8, 10, data_rng);
  CHECK(dropout.backward(input, upstream, true) == upstream);
  // rate 0 in training is the identity too.
  Dropout none("dropout_1", 0.0, std::nullopt);
  CHECK(none.forward(input, true, rng) == input);
}

TEST_CASE("A seeded Dropout draws its own reproducible masks", "[model][dropout]") {
  const Matrix input = ones(30, 40);
  Dropout first("dropout", 0.5, 123), second("dropout", 0.5, 123), other_seed("dropout", 0.5, 124);
  Rng rng_a(1), rng_b(999);  // the model's stream does not matter when seeded
  const Matrix a1 = first.forward(input, true, rng_a), a2 = first.forward(input, true, rng_a);
  const Matrix b1 = second.forward(input, true, rng_b), b2 = second.forward(input, true, rng_b);
  CHECK(a1 == b1);
  CHECK(a2 == b2);
  CHECK(a1 != a2);  // a new mask on every call, as Keras's SeedGenerator
  CHECK(other_seed.forward(input, true, rng_a) != a1);
  CHECK(rng_a.next() == Rng(1).next());  // the model's stream was not consumed

  Dropout unseeded_a("dropout", 0.5, std::nullopt), unseeded_b("dropout", 0.5, std::nullopt);
  Rng same_a(8), same_b(8);
  CHECK(unseeded_a.forward(input, true, same_a) == unseeded_b.forward(input, true, same_b));
}

TEST_CASE("Dropout with rate 1 drops everything and other rates are refused", "[model][dropout]") {
  Dropout all("dropout", 1.0, std::nullopt);
  Rng rng(2);
  const Matrix out = all.forward(ones(4, 4), true, rng);
  CHECK(out.isZero());
  CHECK(out.allFinite());
  CHECK_THROWS_WITH(Dropout("dropout_9", 1.5, std::nullopt), Catch::StartsWith("dropout_9: Dropout rate must be in [0, 1]"));
  CHECK_THROWS_AS(Dropout("d", -0.1, std::nullopt), Error);
  CHECK_THROWS_AS(Dropout("d", std::nan(""), std::nullopt), Error);
}

TEST_CASE("Dropout's noise_shape shares the mask along an axis given as 1", "[model][dropout]") {
  const Matrix input = Matrix::Constant(300, 200, 2.0f);
  const float kept = float(2.0 / (1.0 - 0.4));
  SECTION("[1, features]: one mask for every sample") {
    NoiseShape shape;
    shape.per_sample = false;
    Dropout dropout("dropout", 0.4, 5, shape);
    Rng rng(1);
    dropout.build(200, rng);
    const Matrix out = dropout.forward(input, true, rng);
    for (Eigen::Index i = 1; i < out.rows(); ++i) REQUIRE(out.row(i) == out.row(0));
    const double kept_fraction = double((out.row(0).array() != 0.0f).count()) / 200.0;
    CHECK(std::abs(kept_fraction - 0.6) < 5.0 * std::sqrt(0.24 / 200.0));
    CHECK(((out.array() == 0.0f) || (out.array() == kept)).all());
  }
  SECTION("[batch, 1]: a whole sample kept or dropped") {
    NoiseShape shape;
    shape.per_feature = false;
    Dropout dropout("dropout", 0.4, 5, shape);
    Rng rng(1);
    dropout.build(200, rng);
    const Matrix out = dropout.forward(input, true, rng);
    Eigen::Index kept_rows = 0;
    for (Eigen::Index i = 0; i < out.rows(); ++i) {
      REQUIRE(((out.row(i).array() == out(i, 0))).all());
      kept_rows += out(i, 0) != 0.0f;
    }
    CHECK(std::abs(double(kept_rows) / 300.0 - 0.6) < 5.0 * std::sqrt(0.24 / 300.0));
    // The gradient follows the same shared mask.
    const Matrix grad = dropout.backward(input, Matrix::Ones(300, 200), true);
    CHECK(grad == out / 2.0f);
  }
  SECTION("an explicit feature count must match the input") {
    NoiseShape shape;
    shape.features = 30;
    Dropout dropout("dropout_3", 0.4, 5, shape);
    Rng rng(1);
    CHECK_THROWS_WITH(dropout.build(200, rng),
                      Catch::StartsWith("dropout_3: noise_shape's feature axis is 30 but the layer's input has 200"));
    CHECK_NOTHROW(dropout.build(30, rng));
  }
}
