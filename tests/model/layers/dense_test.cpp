#include "model/model_support.hpp"

#include <nnplug/base/error.hpp>
#include <nnplug/model/layer.hpp>

using namespace nnplug;

namespace {

struct Regularized {
  double kernel = 0.0, bias = 0.0, activity = 0.0;  // L2 factors; 0 means none
};

DenseOptions dense_options(std::size_t units, const std::string& activation, Regularized factors = {},
                           bool use_bias = true) {
  DenseOptions options;
  options.units = units;
  options.activation = Activation::parse(activation, "test");
  options.use_bias = use_bias;
  options.kernel_initializer = model_test::test_uniform(-0.8, 0.8);
  options.bias_initializer = model_test::test_uniform(-0.5, 0.5);
  if (factors.kernel > 0) options.kernel_regularizer = model_test::test_l2(factors.kernel);
  if (factors.bias > 0) options.bias_regularizer = model_test::test_l2(factors.bias);
  if (factors.activity > 0) options.activity_regularizer = model_test::test_l2(factors.activity);
  return options;
}

// The scalar whose gradients backward(input, upstream) must return: sum(upstream .* out)
// plus the layer's penalties, exactly as the trainer adds them to the loss.
double objective(Dense& dense, const Matrix& input, const Matrix& upstream, Rng& rng) {
  return model_test::weighted_sum(dense.forward(input, true, rng), upstream) + dense.penalty();
}

void check_gradients(const std::string& activation, Regularized factors, bool use_bias) {
  INFO("activation " << activation << ", use_bias " << use_bias << ", L2 kernel " << factors.kernel << " bias "
                     << factors.bias << " activity " << factors.activity);
  Rng rng(21);
  Dense dense("dense", dense_options(3, activation, factors, use_bias));
  dense.build(4, rng);
  Matrix input = model_test::random_matrix(5, 4, rng, -1.5, 1.5);
  const Matrix upstream = model_test::random_matrix(5, 3, rng);

  dense.forward(input, true, rng);
  const Matrix upstream_copy = upstream;
  const Matrix grad_input = dense.backward(input, upstream, true);
  CHECK(upstream == upstream_copy);  // the caller's buffer is not modified

  for (Parameter* parameter : dense.parameters()) {
    const Matrix analytic = parameter->gradient;
    const Matrix numeric =
        model_test::numeric_gradient(parameter->value, [&] { return objective(dense, input, upstream, rng); });
    model_test::require_gradient_matches(analytic, numeric, parameter->name);
  }
  const Matrix numeric_input = model_test::numeric_gradient(input, [&] { return objective(dense, input, upstream, rng); });
  model_test::require_gradient_matches(grad_input, numeric_input, "input");
}

}  // namespace

TEST_CASE("Dense builds Keras-shaped, named parameters from its initializers", "[model][dense]") {
  Shape kernel_shape, bias_shape;
  DenseOptions options = dense_options(3, "relu", {0.1, 0.2, 0.0});
  options.kernel_initializer = model_test::test_uniform(1.0, 2.0, &kernel_shape);
  options.bias_initializer = model_test::test_uniform(-2.0, -1.0, &bias_shape);
  Dense dense("dense_1", std::move(options));
  Rng rng(1);
  dense.build(4, rng);
  CHECK(kernel_shape == Shape{4, 3});
  CHECK(bias_shape == Shape{3});
  CHECK(dense.output_dim() == 3);
  CHECK(dense.type() == "dense");
  const auto parameters = dense.parameters();
  REQUIRE(parameters.size() == 2);
  CHECK(parameters[0]->name == "dense_1/kernel");
  CHECK(parameters[0]->shape == Shape{4, 3});
  CHECK(parameters[0]->value.rows() == 4);
  CHECK(parameters[0]->value.cols() == 3);
  CHECK(parameters[0]->value.minCoeff() >= 1.0f);
  CHECK(parameters[0]->regularizer);
  CHECK(parameters[1]->name == "dense_1/bias");
  CHECK(parameters[1]->shape == Shape{3});
  CHECK(parameters[1]->value.rows() == 1);
  CHECK(parameters[1]->value.maxCoeff() < -1.0f);
  CHECK(parameters[1]->regularizer);
}

TEST_CASE("Dense forward is activation(x W + b)", "[model][dense]") {
  Rng rng(2);
  for (const auto& name : Activation::names()) {
    Dense dense("dense", dense_options(3, name));
    dense.build(4, rng);
    const Matrix input = model_test::random_matrix(6, 4, rng);
    const Matrix pre = (input * dense.parameters()[0]->value).rowwise() + dense.parameters()[1]->value.row(0);
    Matrix expected;
    Activation::parse(name, "test").forward(pre, expected);
    model_test::require_close(dense.forward(input, false, rng), expected, 1e-5, 1e-6, name);
  }
}

TEST_CASE("Dense gradients match central differences for every activation", "[model][dense]") {
  for (const auto& name : Activation::names()) check_gradients(name, {}, true);
}

TEST_CASE("Dense gradients include kernel, bias and activity regularizers", "[model][dense]") {
  for (const char* name : {"linear", "tanh", "softmax", "relu"}) {
    check_gradients(name, {0.3, 0.0, 0.0}, true);
    check_gradients(name, {0.0, 0.4, 0.0}, true);
    check_gradients(name, {0.0, 0.0, 0.5}, true);
    check_gradients(name, {0.1, 0.2, 0.3}, true);
  }
  check_gradients("sigmoid", {0.2, 0.0, 0.3}, false);
}

TEST_CASE("Dense penalty is the weight penalties plus the activity penalty over the batch", "[model][dense]") {
  Rng rng(4);
  Dense dense("dense", dense_options(3, "sigmoid", {0.1, 0.2, 0.3}));
  dense.build(2, rng);
  const Matrix input = model_test::random_matrix(4, 2, rng);
  for (const bool training : {true, false}) {
    const Matrix out = dense.forward(input, training, rng);
    const double kernel = 0.1 * dense.parameters()[0]->value.cast<double>().squaredNorm();
    const double bias = 0.2 * dense.parameters()[1]->value.cast<double>().squaredNorm();
    const double activity = 0.3 * out.cast<double>().squaredNorm() / 4.0;
    CHECK(dense.penalty() == Approx(kernel + bias + activity).epsilon(1e-9));
  }
}

TEST_CASE("Dense without bias has only a kernel", "[model][dense]") {
  Rng rng(5);
  Dense dense("dense", dense_options(2, "linear", {}, false));
  dense.build(3, rng);
  REQUIRE(dense.parameters().size() == 1);
  const Matrix input = model_test::random_matrix(2, 3, rng);
  model_test::require_close(dense.forward(input, true, rng), input * dense.parameters()[0]->value, 1e-6, 1e-7, "x W");
}

TEST_CASE("Dense skips the input gradient for the first layer", "[model][dense]") {
  Rng rng(6);
  Dense dense("dense", dense_options(2, "tanh"));
  dense.build(3, rng);
  const Matrix input = model_test::random_matrix(4, 3, rng);
  dense.forward(input, true, rng);
  const Matrix upstream = model_test::random_matrix(4, 2, rng);
  const Matrix with_input = dense.backward(input, upstream, true);
  const Matrix kernel_gradient = dense.parameters()[0]->gradient;
  CHECK(with_input.rows() == 4);
  CHECK(dense.backward(input, upstream, false).size() == 0);
  CHECK(dense.parameters()[0]->gradient == kernel_gradient);
}

TEST_CASE("Dense reuses its buffers while the batch size is stable", "[model][dense]") {
  Rng rng(7);
  Dense dense("dense", dense_options(8, "relu"));
  dense.build(5, rng);
  const Matrix first = model_test::random_matrix(16, 5, rng), second = model_test::random_matrix(16, 5, rng);
  const Matrix upstream = model_test::random_matrix(16, 8, rng);
  const float* out = dense.forward(first, true, rng).data();
  const float* grad = dense.backward(first, upstream, true).data();
  const float* kernel_gradient = dense.parameters()[0]->gradient.data();
  CHECK(dense.forward(second, true, rng).data() == out);
  CHECK(dense.backward(second, upstream, true).data() == grad);
  CHECK(dense.parameters()[0]->gradient.data() == kernel_gradient);
}

TEST_CASE("Dense reports bad inputs and failing initializers as errors", "[model][dense]") {
  Rng rng(8);
  CHECK_THROWS_WITH(Dense("d", dense_options(0, "relu")), Catch::Contains("units >= 1"));
  Dense dense("dense_2", dense_options(2, "relu"));
  dense.build(3, rng);
  CHECK_THROWS_WITH(dense.forward(Matrix::Zero(2, 4), true, rng),
                    Catch::StartsWith("dense_2: expects inputs of width 3, got 4"));

  DenseOptions options = dense_options(2, "relu");
  options.kernel_initializer =
      Loaded<Initializer>::local(std::make_unique<model_test::ThrowingInitializer>(), "broken_init");
  Dense broken("dense_3", std::move(options));
  CHECK_THROWS_WITH(broken.build(3, rng), Catch::Contains("'broken_init' failed: out of ideas"));
}
