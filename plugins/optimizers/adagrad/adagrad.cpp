// Adagrad (Duchi et al.), as Keras 3's Adagrad, epsilon inside the square root:
//   accumulator += g^2;  w -= lr g / sqrt(accumulator + epsilon)
#include "../optimizer_parts.hpp"

namespace {

class Adagrad final : public nnplug::Optimizer {
 public:
  explicit Adagrad(const nnplug::Params& params)
      : initial_accumulator_value_(static_cast<float>(params.number("initial_accumulator_value"))),
        epsilon_(static_cast<float>(params.number("epsilon"))) {}

  std::vector<nnplug::Slot> slots(nnplug::ShapeView) const override {
    return {{"accumulator", initial_accumulator_value_}};
  }

  bool elementwise() const override { return true; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step, const nnplug::Variable&) const override {
    descend(w.data(), g.data(), slots[0].data(), w.size(), step.learning_rate, epsilon_);
  }

 private:
  static void descend(float* __restrict w, const float* __restrict g, float* __restrict accumulator,
                      Eigen::Index size, float lr, float epsilon) {
    for (Eigen::Index i = 0; i < size; ++i) {
      accumulator[i] += g[i] * g[i];
      w[i] -= lr * g[i] / std::sqrt(accumulator[i] + epsilon);
    }
  }

  float initial_accumulator_value_;
  float epsilon_;
};

}  // namespace

NNPLUG_PLUGIN(Adagrad, ::nnplug::Kind::optimizer, "adagrad", "Adagrad", "1.0.0",
              "divide by the root of the summed squared gradients (Keras Adagrad)",
              R"json({"type": "object", "additionalProperties": false, "properties": {)json"
              NNPLUG_LEARNING_RATE_SCHEMA(0.001) R"json(,
  "initial_accumulator_value": {"type": "number", "default": 0.1, "minimum": 0,
                                "description": "starting value of the accumulated squared gradients"},
  "epsilon": {"type": "number", "default": 1e-7, "minimum": 0,
              "description": "added inside the square root (Keras 3; Keras 2 and PyTorch add it outside)"}}})json")
