// Every built-in regularizer against tests/data/reference/regularizers.json
// (tools/reference/regularizers/generate.py): l1, l2 and l1_l2 against TensorFlow.js's
// tf.regularizers and tf.grad (cross-checked there by PyTorch), orthogonal_regularizer
// against PyTorch autograd on a transcription of Keras 3's formula. Then each gradient
// against central finite differences of the plugin's own penalty, added and scaled as the
// host asks.
#include "plugins/plugin_testing.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace {

using nnplug::ArrayMap;
using nnplug::ConstArrayMap;
using nnplug::Json;
using nnplug::Shape;

struct Tensor {
  Shape shape;
  std::vector<float> values;
};

Tensor tensor_named(const Json& reference, const std::string& name) {
  const Json& tensor = reference["tensors"][name];
  return {tensor["shape"].get<Shape>(), tensor["values"].get<std::vector<float>>()};
}

ConstArrayMap read(const std::vector<float>& x) { return {x.data(), Eigen::Index(x.size())}; }
ArrayMap write(std::vector<float>& x) { return {x.data(), Eigen::Index(x.size())}; }

auto create(const std::string& name, const Json& params) {
  return nnplug::testing::built_plugins().create<nnplug::Regularizer>(name, params);
}

// Tolerances. TFJS works in float32: its penalty is a float32 sum and its gradient about one
// float32 rounding off, while the plugins sum in double. PyTorch's orthogonal reference is
// float64, the plugin computes in double and rounds the gradient to float once.
struct Tolerance {
  double penalty_relative;
  double gradient_relative;
  double gradient_absolute;
};
constexpr Tolerance tfjs_tolerance{2e-6, 2e-6, 1e-9};
constexpr Tolerance pytorch_tolerance{1e-9, 1e-6, 1e-9};

}  // namespace

TEST_CASE("regularizer penalties and gradients match TensorFlow.js and PyTorch", "[plugins][regularizers]") {
  const Json reference = nnplug::testing::reference("regularizers.json");
  REQUIRE(reference["cases"].size() >= 40);
  for (const auto& c : reference["cases"]) {
    const std::string plugin = c["plugin"];
    const std::string oracle = c["oracle"];
    INFO(plugin << " " << c["params"].dump() << " on " << c["tensor"].get<std::string>() << " (" << oracle << ")");
    const Tolerance tolerance = oracle == "tfjs" ? tfjs_tolerance : pytorch_tolerance;
    const Tensor x = tensor_named(reference, c["tensor"]);
    auto regularizer = create(plugin, c["params"]);

    const double expected_penalty = c["penalty"];
    const double penalty = regularizer.penalty(read(x.values), x.shape);
    CHECK(std::abs(penalty - expected_penalty) <= tolerance.penalty_relative * std::abs(expected_penalty));

    std::vector<float> gradient(x.values.size(), 0.0f);
    regularizer.add_gradient(read(x.values), x.shape, write(gradient), 1.0f);
    const auto expected_gradient = c["gradient"].get<std::vector<double>>();
    nnplug::testing::check_close(gradient, expected_gradient, tolerance.gradient_relative,
                                 tolerance.gradient_absolute, plugin + " gradient");
  }
}

TEST_CASE("regularizer gradients are added and scaled and agree with finite differences",
          "[plugins][regularizers]") {
  const Json reference = nnplug::testing::reference("regularizers.json");
  const double h = reference["finite_difference_step"];
  struct DifferenceCase {
    std::string plugin;
    Json params;
    std::vector<std::string> tensors;
  };
  const std::vector<std::string> every_tensor{"vector", "matrix_4x6", "matrix_5x3", "kernel_2x3x4"};
  const std::vector<std::string> matrices{"matrix_4x6", "matrix_5x3"};
  const std::vector<DifferenceCase> cases{
      {"l1", {{"l1", 0.3}}, every_tensor},
      {"l2", {{"l2", 0.25}}, every_tensor},
      {"l1_l2", {{"l1", 0.2}, {"l2", 0.05}}, every_tensor},
      {"orthogonal_regularizer", {{"factor", 0.3}, {"mode", "rows"}}, matrices},
      {"orthogonal_regularizer", {{"factor", 0.3}, {"mode", "columns"}}, matrices},
  };
  for (const auto& c : cases) {
    auto regularizer = create(c.plugin, c.params);
    for (const auto& name : c.tensors) {
      INFO(c.plugin << " " << c.params.dump() << " on " << name);
      const Tensor x = tensor_named(reference, name);
      std::vector<float> gradient(x.values.size(), 1.0f);  // add_gradient adds to what is there
      const float scale = 0.25f;                           // as for an activity penalty of a batch of 4
      regularizer.add_gradient(read(x.values), x.shape, write(gradient), scale);
      for (std::size_t i = 0; i < x.values.size(); ++i) {
        // |x| has no derivative at 0 (sign(0) = 0 is checked against the references): stay
        // clear of it. The orthogonal references keep every |cosine| above 20 h.
        if (std::abs(x.values[i]) <= 2.0 * h) continue;
        auto plus = x.values, minus = x.values;
        plus[i] += float(h);
        minus[i] -= float(h);
        const double step = double(plus[i]) - double(minus[i]);  // the float step actually taken
        const double numeric =
            (regularizer.penalty(read(plus), x.shape) - regularizer.penalty(read(minus), x.shape)) / step;
        INFO("element " << i << ": analytic " << (gradient[i] - 1.0) / scale << ", numeric " << numeric);
        // Central differences are off by h^2 f''' / 6 (up to 5e-7 for the orthogonal cases at
        // h = 1e-3, shrinking 100-fold at h = 1e-4); the analytic side is read back from a
        // float near 1, resolved to 6e-8 / scale.
        CHECK(std::abs((gradient[i] - 1.0) / scale - numeric) <= 1e-4 * std::abs(numeric) + 1e-6);
      }
    }
  }
}

TEST_CASE("l1_l2 takes 0.01 for each factor left out", "[plugins][regularizers]") {
  const std::vector<float> x{0.5f, -2.0f, 0.0f, 3.0f};
  const Shape shape{4};
  const double l1_sum = 0.5 + 2.0 + 3.0, l2_sum = 0.25 + 4.0 + 9.0;
  for (const std::string name : {"l1_l2", "l1l2", "L1L2"}) {
    INFO(name);
    CHECK(create(name, Json::object()).penalty(read(x), shape) == Approx(0.01 * l1_sum + 0.01 * l2_sum).epsilon(1e-12));
    // Keras 2's l1_l2(0.0003): L1 3e-4 and L2 0.01.
    CHECK(create(name, {{"l1", 0.0003}}).penalty(read(x), shape) ==
          Approx(0.0003 * l1_sum + 0.01 * l2_sum).epsilon(1e-12));
    CHECK(create(name, {{"l1", 0.0}}).penalty(read(x), shape) == Approx(0.01 * l2_sum).epsilon(1e-12));
  }
  CHECK(create("l1", Json::object()).penalty(read(x), shape) == Approx(0.01 * l1_sum).epsilon(1e-12));
  CHECK(create("l2", Json::object()).penalty(read(x), shape) == Approx(0.01 * l2_sum).epsilon(1e-12));
}

TEST_CASE("regularizer schemas refuse what Keras refuses", "[plugins][regularizers]") {
  CHECK_THROWS(create("l1", {{"l1", -0.01}}));
  CHECK_THROWS(create("l2", {{"l2", -1.0}}));
  CHECK_THROWS(create("l1_l2", {{"l3", 0.1}}));
  CHECK_THROWS(create("orthogonal_regularizer", {{"mode", "diagonal"}}));
  CHECK_THROWS(create("orthogonal_regularizer", {{"factor", -0.5}}));
}

TEST_CASE("orthogonal_regularizer takes rank-2 tensors only and names the shape", "[plugins][regularizers]") {
  const Json reference = nnplug::testing::reference("regularizers.json");
  auto regularizer = create("OrthogonalRegularizer", Json::object());
  for (const std::string name : {"vector", "kernel_2x3x4"}) {
    const Tensor x = tensor_named(reference, name);
    std::vector<float> gradient(x.values.size(), 0.0f);
    const std::string shape = name == "vector" ? "(7,)" : "(2, 3, 4)";
    CHECK_THROWS_WITH(regularizer.penalty(read(x.values), x.shape), Catch::Contains(shape));
    CHECK_THROWS_WITH(regularizer.add_gradient(read(x.values), x.shape, write(gradient), 1.0f),
                      Catch::Contains(shape));
  }
  // One row has no pair to make orthogonal: no penalty (Keras divides 0 by 0).
  const std::vector<float> row{1.0f, 2.0f, 3.0f};
  std::vector<float> gradient(3, 0.5f);
  CHECK(regularizer.penalty(read(row), Shape{1, 3}) == 0.0);
  regularizer.add_gradient(read(row), Shape{1, 3}, write(gradient), 1.0f);
  CHECK(gradient == std::vector<float>(3, 0.5f));
}

TEST_CASE("orthogonal_regularizer is zero on orthogonal rows whatever their lengths", "[plugins][regularizers]") {
  // Rows (3, 0, 0), (0, 0.5, 0): orthogonal; columns 1 and 2 of it are too, column 3 is zero.
  const std::vector<float> x{3.0f, 0.0f, 0.0f, 0.0f, 0.5f, 0.0f};
  const Shape shape{2, 3};
  for (const std::string mode : {"rows", "columns"}) {
    INFO(mode);
    auto regularizer = create("orthogonal_regularizer", {{"mode", mode}});
    CHECK(regularizer.penalty(read(x), shape) == 0.0);
  }
  // Two equal rows: every cosine 1, penalty factor * 0.5 * 2 / 1 = factor.
  const std::vector<float> twins{1.0f, -2.0f, 2.0f, 1.0f, -2.0f, 2.0f};
  CHECK(create("orthogonal_regularizer", {{"factor", 0.3}}).penalty(read(twins), shape) == Approx(0.3).epsilon(1e-12));
}
