// sgd and adam against PyTorch 1.13 trajectories (tools/reference/plugins.py) and the
// Keras 3 test vectors of KERAS_REFERENCE.md section 1.15.
#include "plugins/optimizer_runner.hpp"
#include "plugins/plugin_testing.hpp"

#include <nnplug/optimizer/optimizer_runner.hpp>

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
      OptimizerRunner runner(optimizer, problem.w0);
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

TEST_CASE("every Keras optimizer matches the Keras 3 test vectors through the core's runner", "[plugins]") {
  // KERAS_REFERENCE.md 1.15: f(w) = sum(w^2) + c.w, 5 steps, K3 formulas in float64. Through
  // the core's base optimizer, so the rows with Keras 2 decay and weight decay use its options.
  // (Adam with amsgrad gives Adam's row on this problem, so it is checked in
  // optimizer_trajectories_test.cpp on a problem where the two differ.)
  const std::vector<float> w0{1.0f, -2.0f, 3.0f, 0.5f};
  const std::vector<float> c{0.1f, -0.3f, 0.2f, 0.05f};
  const std::vector<std::pair<Json, std::vector<double>>> vectors{
      {{{"name", "sgd"}, {"learning_rate", 0.05}}, {0.5700145000, -1.1195535000, 1.7305190000, 0.2850072500}},
      {{{"name", "sgd"}, {"learning_rate", 0.05}, {"momentum", 0.9}}, {-0.0806180000, 0.2126940000, -0.1903960000, -0.0403090000}},
      {{{"name", "sgd"}, {"learning_rate", 0.05}, {"momentum", 0.9}, {"nesterov", true}},
       {-0.1598107681, 0.3748506204, -0.4242032201, -0.0799053840}},
      {{{"name", "sgd"}, {"learning_rate", 0.05}, {"decay", 0.1}}, {0.6250000000, -1.2321428571, 1.8928571429, 0.3125000000}},
      {{{"name", "sgd"}, {"learning_rate", 0.05}, {"momentum", 0.9}, {"weight_decay", 0.1}},
       {-0.0893311400, 0.2297503303, -0.2169053697, -0.0446655700}},
      {{{"name", "rmsprop"}, {"learning_rate", 0.01}}, {0.8954100840, -1.8944405214, 2.8941634481, 0.3974079403}},
      {{{"name", "rmsprop"}, {"learning_rate", 0.01}, {"momentum", 0.5}}, {0.8250402273, -1.8228658977, 2.8222510137, 0.3296303163}},
      {{{"name", "rmsprop"}, {"learning_rate", 0.01}, {"centered", true}}, {0.8798464586, -1.8785097716, 2.8781301227, 0.3826371201}},
      {{{"name", "adagrad"}, {"learning_rate", 0.1}}, {0.6985003659, -1.6865020859, 2.6833492716, 0.2265795199}},
      {{{"name", "adadelta"}, {"learning_rate", 1.0}}, {0.9928062502, -1.9928000424, 2.9927982278, 0.4928184041}},
      {{{"name", "adam"}, {"learning_rate", 0.01}}, {0.9500438791, -1.9500207799, 2.9500142823, 0.4500931576}},
      {{{"name", "adamw"}, {"learning_rate", 0.01}}, {0.9498480774, -1.9496249812, 2.9494185038, 0.4499973663}},
      {{{"name", "adamax"}, {"learning_rate", 0.01}}, {0.9504177262, -1.9501532043, 2.9500756422, 0.4509319478}},
      {{{"name", "nadam"}, {"learning_rate", 0.01}}, {0.9606190818, -1.9605074393, 2.9604750580, 0.4608415664}},
      {{{"name", "lion"}, {"learning_rate", 0.01}}, {0.9500000000, -1.9500000000, 2.9500000000, 0.4500000000}},
      {{{"name", "ftrl"}, {"learning_rate", 0.1}, {"l1_regularization_strength", 0.1}},
       {0.5614002776, -1.5439012584, 2.5332691634, 0.1184373600}},
  };
  for (const auto& [spec, expected] : vectors) {
    INFO(spec.dump());
    auto runner = nnplug::OptimizerRunner::from_config(nnplug::testing::built_plugins(), spec, "test");
    nnplug::Parameter w{"w", {4}, nnplug::Matrix(1, 4), nnplug::Matrix(1, 4), {}};
    w.value = Eigen::Map<const nnplug::Matrix>(w0.data(), 1, 4);
    nnplug::Parameter* const parameters[] = {&w};
    for (int step = 0; step < 5; ++step) {
      w.gradient = 2.0f * w.value + Eigen::Map<const nnplug::Matrix>(c.data(), 1, 4);
      runner.apply(parameters);
    }
    nnplug::testing::check_close(std::vector<float>(w.value.data(), w.value.data() + 4), expected, 2e-6, 1e-6,
                                 spec.dump());
  }
}

TEST_CASE("sgd keeps a velocity slot only with momentum; adam adds velocity_hat for amsgrad", "[plugins]") {
  const auto& registry = nnplug::testing::built_plugins();
  const auto names = [&](const std::string& plugin, const Json& params) {
    std::vector<std::string> out;
    for (const auto& slot : registry.create<nnplug::Optimizer>(plugin, params).slots(nnplug::Shape{3, 2})) {
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
