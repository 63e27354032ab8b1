#pragma once
// A two-tensor problem for the optimizer runner: loss sum(w^2 + c*w) per tensor, whose
// gradient 2w + c the tests compute before each step (tools/reference/optimizer_runner.py
// does the same in PyTorch).
#include <nnplug/optimizer/optimizer_runner.hpp>

#include <fstream>
#include <string>
#include <vector>

namespace nnplug::registry_testing {

inline Json load_runner_reference() {
  std::ifstream in(std::string(NNPLUG_TEST_DATA_DIR) + "/reference/optimizer_runner.json");
  return Json::parse(in);
}

// Flattens [[a, b], [c, d]] or [a, b] into a row-major Matrix of the given shape.
inline Matrix matrix_from(const Json& values, Eigen::Index rows, Eigen::Index cols) {
  std::vector<float> flat;
  for (const auto& v : values) {
    if (v.is_array()) {
      for (const auto& x : v) flat.push_back(x.get<float>());
    } else {
      flat.push_back(v.get<float>());
    }
  }
  return Eigen::Map<const Matrix>(flat.data(), rows, cols);
}

struct Problem {
  Parameter kernel;
  Parameter bias;
  Matrix kernel_offset;
  Matrix bias_offset;
  std::vector<Parameter*> parameters{&kernel, &bias};

  explicit Problem(const Json& reference) {
    kernel.name = "dense/kernel";
    kernel.shape = {3, 2};
    kernel.value = matrix_from(reference["w0"]["dense/kernel"], 3, 2);
    bias.name = "dense/bias";
    bias.shape = {2};
    bias.value = matrix_from(reference["w0"]["dense/bias"], 1, 2);
    kernel_offset = matrix_from(reference["c"]["dense/kernel"], 3, 2);
    bias_offset = matrix_from(reference["c"]["dense/bias"], 1, 2);
    kernel.gradient.resize(3, 2);
    bias.gradient.resize(1, 2);
  }
  Problem(const Problem&) = delete;
  Problem& operator=(const Problem&) = delete;

  void backward() {
    kernel.gradient = 2.0f * kernel.value + kernel_offset;
    bias.gradient = 2.0f * bias.value + bias_offset;
  }
  void train(OptimizerRunner& runner, int steps) {
    for (int i = 0; i < steps; ++i) {
      backward();
      runner.apply(parameters);
    }
  }
};

}  // namespace nnplug::registry_testing
