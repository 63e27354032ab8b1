// Every optimizer plugin, created through the core's OptimizerRunner so that clipping,
// weight decay, EMA and Keras 2 decay take the same path as in training, against 60-step
// reference trajectories (tests/data/reference/optimizer_trajectories.json, written by
// tools/reference/optimizers/generate.py). References: TensorFlow.js 4.22 (float32) and
// PyTorch 1.13.1 (float64), mapped onto Keras 3's formulas where they compute them exactly
// (KERAS_REFERENCE.md 1.14); for lion, ftrl, lamb and adafactor, which neither library has,
// a NumPy transcription of Keras 3's source: a restatement of Keras, not an independent
// implementation. Each case's "source" and "base_options" say which.
#include "plugins/plugin_testing.hpp"

#include <nnplug/optimizer/optimizer_runner.hpp>

#include <cmath>
#include <set>
#include <string>
#include <vector>

namespace {

using nnplug::Json;
using nnplug::Matrix;
using nnplug::Parameter;

// |actual - expected| <= 1e-5 |expected| + 1e-6 unless a case says otherwise. On this
// problem a float32 run of the Keras formulas stays within a quarter of that of float64
// (the generator prints the figure per case), so the bound leaves room for another
// order of float32 operations and no more; a case that needs more carries its own
// "tolerance" with the reason.
constexpr double default_relative = 1e-5;
constexpr double default_absolute = 1e-6;

const Json& trajectories() {
  static const Json json = nnplug::testing::reference("optimizer_trajectories.json");
  return json;
}

// A Keras-shaped row-major matrix from a flat array: (r, c) is r x c, (n) is 1 x n.
Matrix matrix_of(const Json& flat, const nnplug::Shape& shape) {
  const auto [rows, cols] = nnplug::matrix_extents(shape);
  const std::vector<float> values = flat.get<std::vector<float>>();
  REQUIRE(values.size() == std::size_t(rows * cols));
  return Eigen::Map<const Matrix>(values.data(), rows, cols);
}

std::vector<float> values_of(const Matrix& m) { return {m.data(), m.data() + m.size()}; }

// The "problem" of the JSON: per element, g = 0 when skip_period divides t, else
// g = curvature * (w - target) + amplitude * float32(cos(0.7 t + phase)), in float32 as
// the generator computes it (an FMA-contracted build may differ by an ulp; the bound
// covers that).
class Problem {
 public:
  explicit Problem(const Json& problem) {
    for (const auto& tensor : problem["tensors"]) {
      Parameter parameter;
      parameter.name = tensor["name"].get<std::string>();
      parameter.shape = tensor["shape"].get<nnplug::Shape>();
      parameter.value = matrix_of(tensor["w0"], parameter.shape);
      parameter.gradient = Matrix::Zero(parameter.value.rows(), parameter.value.cols());
      parameters_.push_back(std::move(parameter));
      constants_.push_back({matrix_of(tensor["target"], parameters_.back().shape),
                            matrix_of(tensor["curvature"], parameters_.back().shape),
                            matrix_of(tensor["amplitude"], parameters_.back().shape),
                            matrix_of(tensor["phase"], parameters_.back().shape),
                            tensor["skip_period"].get<std::vector<int>>()});
    }
    for (auto& parameter : parameters_) pointers_.push_back(&parameter);
  }
  Problem(const Problem&) = delete;
  Problem& operator=(const Problem&) = delete;

  const std::vector<Parameter*>& parameters() const { return pointers_; }

  // The gradient of step t (1 on the first update) from the current weights.
  void backward(int t) {
    for (std::size_t p = 0; p < parameters_.size(); ++p) {
      Parameter& parameter = parameters_[p];
      const Constants& c = constants_[p];
      for (Eigen::Index i = 0; i < parameter.value.size(); ++i) {
        const int period = c.skip_period[std::size_t(i)];
        if (period > 0 && t % period == 0) {
          parameter.gradient.data()[i] = 0.0f;
          continue;
        }
        const float drive = static_cast<float>(std::cos(0.7 * t + double(c.phase.data()[i])));
        parameter.gradient.data()[i] =
            c.curvature.data()[i] * (parameter.value.data()[i] - c.target.data()[i]) + c.amplitude.data()[i] * drive;
      }
    }
  }

 private:
  struct Constants {
    Matrix target, curvature, amplitude, phase;
    std::vector<int> skip_period;
  };
  std::vector<Parameter> parameters_;
  std::vector<Constants> constants_;
  std::vector<Parameter*> pointers_;
};

void check_weights(const Problem& problem, const Json& expected, double relative, double absolute,
                   const std::string& what) {
  for (const Parameter* parameter : problem.parameters()) {
    REQUIRE(expected.contains(parameter->name));
    nnplug::testing::check_close(values_of(parameter->value), expected[parameter->name].get<std::vector<double>>(),
                                 relative, absolute, what + ", " + parameter->name);
  }
}

void check_case(const Json& reference_case, const Json& problem_json) {
  const std::string name = reference_case["name"];
  const std::string optimizer = reference_case["optimizer"];
  const auto& registry = nnplug::testing::built_plugins();
  const std::string base_options = reference_case.value("base_options", Json::object()).dump();
  INFO("case '" << name << "', reference: " << reference_case["source"].get<std::string>());
  INFO("core options around the reference: " << base_options);
  INFO("the " << optimizer << " optimizer plugin must be built in " << NNPLUG_TEST_PLUGIN_DIR);
  REQUIRE(registry.lookup(nnplug::Kind::optimizer, optimizer) != nullptr);

  Json spec = reference_case["params"];
  spec["name"] = optimizer;
  auto runner = nnplug::OptimizerRunner::from_config(registry, spec, name);

  const Json tolerance = reference_case.value("tolerance", Json::object());
  const double relative = tolerance.value("relative", default_relative);
  const double absolute = tolerance.value("absolute", default_absolute);
  INFO("tolerance: relative " << relative << ", absolute " << absolute << " " << tolerance.value("why", std::string()));

  Problem problem(problem_json);
  const int steps = problem_json["steps"].get<int>();
  const Json& expected = reference_case["expected"];
  std::size_t checked = 0;
  for (int t = 1; t <= steps; ++t) {
    problem.backward(t);
    runner.apply(problem.parameters());
    const std::string step = std::to_string(t);
    if (!expected.contains(step)) continue;
    check_weights(problem, expected[step], relative, absolute, name + ", after step " + step);
    ++checked;
  }
  CHECK(checked == problem_json["checkpoints"].size());
  CHECK(runner.iterations() == steps);

  if (reference_case.contains("ema")) {
    runner.finalize_variable_values(problem.parameters());
    check_weights(problem, reference_case["ema"], relative, absolute, name + ", moving average after finalize");
  }
}

}  // namespace

TEST_CASE("every optimizer follows its reference trajectory through the core's runner", "[plugins][optimizers]") {
  const Json& reference = trajectories();
  REQUIRE_FALSE(reference["cases"].empty());
  for (const auto& reference_case : reference["cases"]) {
    SECTION(reference_case["name"].get<std::string>()) { check_case(reference_case, reference["problem"]); }
  }
}

TEST_CASE("every built optimizer plugin has reference trajectories", "[plugins][optimizers]") {
  // A new optimizer cannot land unchecked: add its cases to tools/reference/optimizers/cases.py.
  const auto& registry = nnplug::testing::built_plugins();
  std::set<std::string> covered;  // canonical plugin names
  for (const auto& reference_case : trajectories()["cases"])
    if (const auto* plugin = registry.lookup(nnplug::Kind::optimizer, reference_case["optimizer"].get<std::string>()))
      covered.insert(plugin->name);

  std::size_t optimizers = 0;
  for (const auto& plugin : registry.plugins()) {
    if (plugin.kind != nnplug::Kind::optimizer) continue;
    ++optimizers;
    INFO("optimizer plugin '" << plugin.name << "' has no case in tests/data/reference/optimizer_trajectories.json");
    CHECK(covered.count(plugin.name) == 1);
  }
  INFO("no optimizer plugin is built in " << NNPLUG_TEST_PLUGIN_DIR);
  CHECK(optimizers > 0);
}
