// Adadelta (Zeiler), as Keras 3's Adadelta (default learning rate 0.001, Keras 2 standalone
// and PyTorch use 1.0):
//   accumulated_grad = rho accumulated_grad + (1 - rho) g^2
//   delta = -sqrt(accumulated_delta_var + epsilon) g / sqrt(accumulated_grad + epsilon)
//   accumulated_delta_var = rho accumulated_delta_var + (1 - rho) delta^2
//   w += lr delta
#include "../optimizer_parts.hpp"

namespace {

class Adadelta final : public nnplug::Optimizer {
 public:
  explicit Adadelta(const nnplug::Params& params)
      : rho_(static_cast<float>(params.number("rho"))), epsilon_(static_cast<float>(params.number("epsilon"))) {}

  std::vector<nnplug::Slot> slots(nnplug::ShapeView) const override {
    return {{"accumulated_grad"}, {"accumulated_delta_var"}};
  }

  bool elementwise() const override { return true; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step, const nnplug::Variable&) const override {
    descend(w.data(), g.data(), slots[0].data(), slots[1].data(), w.size(),
            {rho_, 1.0f - rho_, epsilon_, step.learning_rate});
  }

 private:
  struct Factors {
    float rho, one_minus_rho, epsilon, lr;
  };

  static void descend(float* __restrict w, const float* __restrict g, float* __restrict accumulated_grad,
                      float* __restrict accumulated_delta_var, Eigen::Index size, Factors f) {
    for (Eigen::Index i = 0; i < size; ++i) {
      accumulated_grad[i] = f.rho * accumulated_grad[i] + f.one_minus_rho * (g[i] * g[i]);
      const float delta =
          -(std::sqrt(accumulated_delta_var[i] + f.epsilon) * g[i]) / std::sqrt(accumulated_grad[i] + f.epsilon);
      accumulated_delta_var[i] = f.rho * accumulated_delta_var[i] + f.one_minus_rho * (delta * delta);
      w[i] += f.lr * delta;
    }
  }

  float rho_;
  float epsilon_;
};

}  // namespace

NNPLUG_PLUGIN(Adadelta, ::nnplug::Kind::optimizer, "adadelta", "Adadelta", "1.0.0",
              "steps scaled by the ratio of moving RMS of past steps and of gradients (Keras Adadelta)",
              R"json({"type": "object", "additionalProperties": false, "properties": {)json"
              NNPLUG_LEARNING_RATE_SCHEMA(0.001) R"json(,
  "rho": {"type": "number", "default": 0.95, "minimum": 0, "maximum": 1,
          "description": "decay rate of the moving averages of g^2 and of the squared steps"},
  "epsilon": {"type": "number", "default": 1e-7, "minimum": 0,
              "description": "added inside both square roots; also sets the size of the first steps"}}})json")
