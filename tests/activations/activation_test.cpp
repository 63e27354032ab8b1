#include "model/model_support.hpp"

#include <nnplug/activations/activation.hpp>
#include <nnplug/compute/denormals.hpp>
#include <nnplug/base/error.hpp>

using namespace nnplug;
using nnplug::model_test::matrix_from;

namespace {

// Keeps inputs at least 0.05 away from 0, where relu, elu and selu have a kink that a
// central difference would straddle.
Matrix inputs_off_the_kink(Rng& rng) {
  Matrix x = model_test::random_matrix(3, 5, rng, -3.0, 3.0);
  for (auto& v : x.reshaped()) v = (v >= 0 ? 0.05f : -0.05f) + v;
  return x;
}

}  // namespace

TEST_CASE("Activation::parse accepts the Keras names and None", "[model][activation]") {
  for (const auto& name : Activation::names()) CHECK(Activation::parse(name, "here").name() == name);
  CHECK(Activation::parse("None", "here").kind() == Activation::Kind::linear);
  CHECK(Activation::parse("relu", "here").kind() == Activation::Kind::relu);
  CHECK(Activation::parse("gelu", "here").kind() == Activation::Kind::gelu);
  CHECK(Activation{}.kind() == Activation::Kind::linear);
  CHECK(Activation::names().size() == 9);
}

TEST_CASE("Activation::parse rejects an unknown name with the place and the nearest names", "[model][activation]") {
  try {
    Activation::parse("sigmoud", "model.layers[0].activation");
    FAIL("no error");
  } catch (const Error& e) {
    const std::string message = e.what();
    CHECK(message.rfind("model.layers[0].activation: unknown activation 'sigmoud'", 0) == 0);
    CHECK(message.find("did you mean 'sigmoid'") != std::string::npos);
    CHECK(message.find("softmax") != std::string::npos);  // lists the known names
  }
  CHECK_THROWS_AS(Activation::parse("leaky_relu", "x"), Error);
}

TEST_CASE("Activations match PyTorch's values and gradients", "[model][activation]") {
  const Json reference = model_test::load_reference("activations.json");
  REQUIRE(reference["cases"].size() == Activation::names().size());
  for (const auto& item : reference["cases"]) {
    const std::string name = item["activation"];
    const Activation activation = Activation::parse(name, "test");
    const Matrix pre = matrix_from(item["input"]);
    Matrix out;
    activation.forward(pre, out);
    model_test::require_close(out, matrix_from(item["output"]), 1e-5, 1e-6, name + " output");
    REQUIRE(out.allFinite());
    Matrix grad = matrix_from(item["upstream"]);
    activation.backward(pre, out, grad);
    model_test::require_close(grad, matrix_from(item["gradient"]), 1e-4, 1e-6, name + " gradient");
  }
}

TEST_CASE("Every activation's backward matches central differences", "[model][activation]") {
  Rng rng(7);
  for (const auto& name : Activation::names()) {
    const Activation activation = Activation::parse(name, "test");
    Matrix pre = inputs_off_the_kink(rng);
    const Matrix upstream = model_test::random_matrix(pre.rows(), pre.cols(), rng);
    Matrix out;
    activation.forward(pre, out);
    Matrix analytic = upstream;
    activation.backward(pre, out, analytic);
    Matrix probe;
    const Matrix numeric = model_test::numeric_gradient(pre, [&] {
      activation.forward(pre, probe);
      return model_test::weighted_sum(probe, upstream);
    });
    model_test::require_gradient_matches(analytic, numeric, name);
  }
}

TEST_CASE("forward_biased adds the bias to pre and applies the activation", "[model][activation]") {
  Rng rng(11);
  for (const auto& name : Activation::names()) {
    const Activation activation = Activation::parse(name, "test");
    const Matrix product = model_test::random_matrix(4, 3, rng);
    const Matrix bias = model_test::random_matrix(1, 3, rng);
    Matrix pre = product;
    Matrix out;
    activation.forward_biased(pre, bias, out);
    const Matrix expected_pre = product.rowwise() + bias.row(0);
    Matrix expected_out;
    activation.forward(expected_pre, expected_out);
    CHECK(pre == expected_pre);
    model_test::require_close(out, expected_out, 1e-6, 1e-7, name);
  }
}

TEST_CASE("Activations that allow it can run in place", "[model][activation]") {
  Rng rng(3);
  for (const char* name : {"linear", "relu", "sigmoid", "tanh", "softmax", "elu", "selu"}) {
    const Activation activation = Activation::parse(name, "test");
    const Matrix pre = model_test::random_matrix(3, 4, rng);
    Matrix separate;
    activation.forward(pre, separate);
    Matrix in_place = pre;
    activation.forward(in_place, in_place);
    CHECK(in_place == separate);
    const Matrix upstream = model_test::random_matrix(3, 4, rng);
    Matrix from_separate = upstream, from_in_place = upstream;
    activation.backward(pre, separate, from_separate);
    activation.backward(in_place, in_place, from_in_place);
    CHECK(from_in_place == from_separate);
  }
}

TEST_CASE("softmax is max-subtracted and normalised per row", "[model][activation]") {
  const Activation softmax = Activation::parse("softmax", "test");
  Matrix pre(2, 3);
  pre << 1000.0f, 1000.0f, 1000.0f, -1000.0f, 0.0f, 1000.0f;
  Matrix out;
  softmax.forward(pre, out);
  REQUIRE(out.allFinite());
  CHECK(out(0, 0) == Approx(1.0 / 3.0));
  CHECK(out(1, 2) == Approx(1.0));
  CHECK(out(1, 0) == 0.0f);
  CHECK(out.row(0).sum() == Approx(1.0));
}

// In the mode fit, evaluate and predict run in (subnormals flushed, as TensorFlow runs
// Keras): there e^-200 is exactly 0 on every vector path. Outside it, Eigen's SSE/AVX2
// exp (a build without -march=native on an AVX-512 machine) clamps its argument near
// -88 and returns the subnormal 2.9e-39 instead, an absolute error under 1e-38.
TEST_CASE("softplus and sigmoid stay finite and exact at large magnitudes", "[model][activation]") {
  const ScopedFlushDenormals as_in_training;
  Matrix pre(1, 4);
  pre << -30.0f, -200.0f, 200.0f, 100.0f;
  Matrix out;
  Activation::parse("softplus", "test").forward(pre, out);
  REQUIRE(out.allFinite());
  CHECK(out(0, 0) == Approx(std::exp(-30.0)).epsilon(1e-4));  // log1p keeps the tiny value
  CHECK(out(0, 1) == 0.0f);
  CHECK(out(0, 2) == 200.0f);
  Activation::parse("sigmoid", "test").forward(pre, out);
  REQUIRE(out.allFinite());
  CHECK(out(0, 0) == Approx(std::exp(-30.0)).epsilon(1e-4));
  CHECK(out(0, 1) == 0.0f);
  CHECK(out(0, 3) == 1.0f);
}
