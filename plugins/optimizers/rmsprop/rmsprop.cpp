// RMSprop (Hinton), as Keras 3's RMSprop, epsilon inside the square root:
//   velocity = rho velocity + (1 - rho) g^2
//   centered: average_gradient = rho average_gradient + (1 - rho) g;  d = velocity - average_gradient^2 + epsilon
//   otherwise: d = velocity + epsilon
//   increment = lr g / sqrt(d)
//   momentum > 0: momentum_slot = momentum momentum_slot + increment;  w -= momentum_slot
//   otherwise:    w -= increment
#include "../optimizer_parts.hpp"

namespace {

class RmsProp final : public nnplug::Optimizer {
 public:
  explicit RmsProp(const nnplug::Params& params)
      : rho_(static_cast<float>(params.number("rho"))),
        momentum_(static_cast<float>(params.number("momentum"))),
        epsilon_(static_cast<float>(params.number("epsilon"))),
        centered_(params.boolean("centered")) {}

  // Keras's order; momentum and average_gradient exist only when used.
  std::vector<nnplug::Slot> slots(nnplug::ShapeView) const override {
    std::vector<nnplug::Slot> out{{"velocity"}};
    if (momentum_ > 0.0f) out.push_back({"momentum"});
    if (centered_) out.push_back({"average_gradient"});
    return out;
  }

  bool elementwise() const override { return true; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step, const nnplug::Variable&) const override {
    const Factors f{rho_, 1.0f - rho_, momentum_, epsilon_, step.learning_rate};
    float* velocity = slots[0].data();
    float* momentum = momentum_ > 0.0f ? slots[1].data() : nullptr;
    float* average_gradient = centered_ ? slots.back().data() : nullptr;
    const auto n = w.size();
    if (momentum && average_gradient)
      descend<true, true>(w.data(), g.data(), velocity, momentum, average_gradient, n, f);
    else if (momentum)
      descend<true, false>(w.data(), g.data(), velocity, momentum, nullptr, n, f);
    else if (average_gradient)
      descend<false, true>(w.data(), g.data(), velocity, nullptr, average_gradient, n, f);
    else
      descend<false, false>(w.data(), g.data(), velocity, nullptr, nullptr, n, f);
  }

 private:
  struct Factors {
    float rho, one_minus_rho, momentum, epsilon, lr;
  };

  template <bool with_momentum, bool centered>
  static void descend(float* __restrict w, const float* __restrict g, float* __restrict velocity,
                      float* __restrict momentum, float* __restrict average_gradient, Eigen::Index size, Factors f) {
    for (Eigen::Index i = 0; i < size; ++i) {
      velocity[i] = f.rho * velocity[i] + f.one_minus_rho * (g[i] * g[i]);
      float denominator = velocity[i] + f.epsilon;
      if constexpr (centered) {
        average_gradient[i] = f.rho * average_gradient[i] + f.one_minus_rho * g[i];
        denominator = velocity[i] - average_gradient[i] * average_gradient[i] + f.epsilon;
      }
      const float increment = f.lr * g[i] / std::sqrt(denominator);
      if constexpr (with_momentum) {
        momentum[i] = f.momentum * momentum[i] + increment;
        w[i] -= momentum[i];
      } else {
        w[i] -= increment;
      }
    }
  }

  float rho_;
  float momentum_;
  float epsilon_;
  bool centered_;
};

}  // namespace

NNPLUG_PLUGIN(RmsProp, ::nnplug::Kind::optimizer, "rmsprop", "RMSprop", "1.0.0",
              "divide by a moving RMS of the gradient, optionally centered and with momentum (Keras RMSprop)",
              R"json({"type": "object", "additionalProperties": false, "properties": {)json"
              NNPLUG_LEARNING_RATE_SCHEMA(0.001) R"json(,
  "rho": {"type": "number", "default": 0.9, "minimum": 0, "maximum": 1,
          "description": "decay rate of the moving average of g^2 (and of g when centered)"},
  "momentum": {"type": "number", "default": 0.0, "minimum": 0, "maximum": 1,
               "description": "decay factor of the accumulated increments; 0 disables momentum and its slot"},
  "epsilon": {"type": "number", "default": 1e-7, "minimum": 0,
              "description": "added inside the square root (Keras 3; Keras 2 and PyTorch add it outside)"},
  "centered": {"type": "boolean", "default": false,
               "description": "subtract the squared moving average of g from the one of g^2 (a variance)"}}})json")
