#include "model/model_support.hpp"

#include <nnplug/model/layer.hpp>

using namespace nnplug;

TEST_CASE("ActivationLayer applies its activation and keeps the width", "[model][activation_layer]") {
  ActivationLayer layer("activation", Activation::parse("tanh", "test"));
  Rng rng(1);
  layer.build(6, rng);
  CHECK(layer.output_dim() == 6);
  CHECK(layer.type() == "activation");
  CHECK(layer.parameters().empty());
  CHECK(layer.penalty() == 0.0);
  const Matrix input = model_test::random_matrix(3, 6, rng);
  model_test::require_close(layer.forward(input, true, rng), Matrix(input.array().tanh()), 1e-6, 1e-7, "tanh");
}

TEST_CASE("ActivationLayer backward matches central differences", "[model][activation_layer]") {
  Rng rng(2);
  for (const char* name : {"softmax", "gelu", "sigmoid", "selu"}) {
    ActivationLayer layer("activation", Activation::parse(name, "test"));
    layer.build(4, rng);
    Matrix input = model_test::random_matrix(3, 4, rng);
    const Matrix upstream = model_test::random_matrix(3, 4, rng);
    layer.forward(input, true, rng);
    const Matrix analytic = layer.backward(input, upstream, true);
    const Matrix numeric = model_test::numeric_gradient(
        input, [&] { return model_test::weighted_sum(layer.forward(input, true, rng), upstream); });
    model_test::require_gradient_matches(analytic, numeric, name);
    CHECK(layer.backward(input, upstream, false).size() == 0);
  }
}
