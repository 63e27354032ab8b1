// sgd and adam against PyTorch 1.13 trajectories (tools/reference/plugins.py) and the
// Keras 3 test vectors of KERAS_REFERENCE.md section 1.15.
#include "plugins/optimizer_runner.hpp"
#include "plugins/plugin_testing.hpp"

namespace {

using nnplug::ArrayMap;
using nnplug::ConstArrayMap;
using nnplug::Json;
using nnplug::testing::OptimizerRunner;

std::vector<float> as_floats(const Json& values) { return values.get<std::vector<float>>(); }

// f(w) = sum(a*w^2) + sum(c*w) + quartic*sum(w^4), the generator's problem.
struct Problem {
  std::vector<std::vector<float>> w0, a, c;
  float quartic = 0.0f;

  explicit Problem(const Json& json) : quartic(json["quartic"].get<float>()) {
    for (const auto& tensor : json["tensors"]) {
      w0.push_back(as_floats(tensor["w0"]));
      a.push_back(as_floats(tensor["a"]));
      c.push_back(as_floats(tensor["c"]));
    }
  }

  OptimizerRunner::Gradient gradient() const {
    return [this](std::size_t i, ConstArrayMap w, ArrayMap g) {
      const auto size = w.size();
      const ConstArrayMap a_i(a[i].data(), size), c_i(c[i].data(), size);
      g = 2.0f * a_i * w + c_i + (4.0f * quartic) * w.cube();
    };
  }
};

}  // namespace

TEST_CASE("sgd and adam follow PyTorch's trajectories for 20 steps", "[plugins]") {
  const Json reference = nnplug::testing::reference("optimizers.json");
  const Problem problem(reference["problem"]);
  const auto& registry = nnplug::testing::built_plugins();
  for (const auto& reference_case : reference["cases"]) {
    const std::string name = reference_case["name"];
    SECTION(name) {
      const auto optimizer = registry.create<nnplug::Optimizer>(reference_case["plugin"].get<std::string>(),
                                                                reference_case["params"]);
      OptimizerRunner runner(*optimizer, problem.w0);
      const float learning_rate = reference_case["learning_rate"].get<float>();
      // With ε mapped (or 0) PyTorch computes Keras's update: only float32 rounding differs.
      // PyTorch's own ε = 1e-7 differs by O(1e-7 / sqrt(v)) per step, far below a misplaced ε.
      const bool native_epsilon = reference_case.value("pt_native_epsilon", false);
      const double relative = native_epsilon ? 1e-4 : 1e-5;
      const double absolute = native_epsilon ? 1e-5 : 1e-6;
      std::size_t step = 0;
      for (const auto& expected : reference_case["trajectory"]) {
        runner.step(learning_rate, problem.gradient());
        nnplug::testing::check_close(runner.values(), expected.get<std::vector<double>>(), relative, absolute,
                                     name + ", step " + std::to_string(++step));
      }
      CHECK(step == 20);
    }
  }
}

TEST_CASE("sgd and adam match the Keras 3 test vectors", "[plugins]") {
  // KERAS_REFERENCE.md 1.15: f(w) = sum(w^2) + c.w, 5 steps, K3 formulas in float64.
  const std::vector<float> w0{1.0f, -2.0f, 3.0f, 0.5f};
  const std::vector<float> c{0.1f, -0.3f, 0.2f, 0.05f};
  const auto gradient = [&](std::size_t, ConstArrayMap w, ArrayMap g) {
    g = 2.0f * w + ConstArrayMap(c.data(), w.size());
  };
  struct Vector {
    std::string plugin;
    Json params;
    float learning_rate;
    std::vector<double> expected;
  };
  const std::vector<Vector> vectors{
      {"sgd", Json::object(), 0.05f, {0.5700145000, -1.1195535000, 1.7305190000, 0.2850072500}},
      {"sgd", {{"momentum", 0.9}}, 0.05f, {-0.0806180000, 0.2126940000, -0.1903960000, -0.0403090000}},
      {"sgd", {{"momentum", 0.9}, {"nesterov", true}}, 0.05f,
       {-0.1598107681, 0.3748506204, -0.4242032201, -0.0799053840}},
      {"adam", Json::object(), 0.01f, {0.9500438791, -1.9500207799, 2.9500142823, 0.4500931576}},
      {"adam", {{"amsgrad", true}}, 0.01f, {0.9500438791, -1.9500207799, 2.9500142823, 0.4500931576}},
  };
  for (const auto& vector : vectors) {
    const auto optimizer = nnplug::testing::built_plugins().create<nnplug::Optimizer>(vector.plugin, vector.params);
    OptimizerRunner runner(*optimizer, {w0});
    for (int step = 0; step < 5; ++step) runner.step(vector.learning_rate, gradient);
    nnplug::testing::check_close(runner.values(), vector.expected, 2e-6, 1e-6,
                                 vector.plugin + " " + vector.params.dump());
  }
}

TEST_CASE("sgd keeps a velocity slot only with momentum; adam adds velocity_hat for amsgrad", "[plugins]") {
  const auto& registry = nnplug::testing::built_plugins();
  const auto names = [&](const std::string& plugin, const Json& params) {
    std::vector<std::string> out;
    for (const auto& slot : registry.create<nnplug::Optimizer>(plugin, params)->slots()) {
      out.push_back(slot.name);
      CHECK(slot.initial == 0.0f);
    }
    return out;
  };
  CHECK(names("sgd", Json::object()).empty());
  CHECK(names("sgd", {{"momentum", 0.5}}) == std::vector<std::string>{"momentum"});
  CHECK(names("adam", Json::object()) == std::vector<std::string>{"momentum", "velocity"});
  CHECK(names("adam", {{"amsgrad", true}}) == std::vector<std::string>{"momentum", "velocity", "velocity_hat"});
}

TEST_CASE("optimizer parameters outside their ranges are refused", "[plugins]") {
  const auto& registry = nnplug::testing::built_plugins();
  for (const auto& [plugin, params] : std::vector<std::pair<std::string, Json>>{
           {"sgd", {{"momentum", 1.5}}}, {"sgd", {{"momentum", -0.1}}}, {"sgd", {{"learning_rate", 0}}},
           {"adam", {{"beta_1", 1.0}}}, {"adam", {{"beta_2", -0.5}}}, {"adam", {{"epsilon", -1e-7}}}}) {
    INFO(plugin << " " << params.dump());
    CHECK_THROWS_AS(registry.create<nnplug::Optimizer>(plugin, params), nnplug::Error);
  }
}
