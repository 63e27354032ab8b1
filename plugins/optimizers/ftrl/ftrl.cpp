// FTRL-Proximal (McMahan et al. 2013), as Keras 3's Ftrl (TensorFlow's ApplyFtrlV2), with
// p = -learning_rate_power and l2' = l2 + beta / (2 lr):
//   g_shrunk = g + 2 l2_shrinkage w;  accumulator' = accumulator + g^2
//   linear += g_shrunk - (accumulator'^p - accumulator^p) / lr * w
//   w = (clip(linear, -l1, l1) - linear) / (accumulator'^p / lr + 2 l2');  accumulator = accumulator'
#include "../optimizer_parts.hpp"

namespace {

class Ftrl final : public nnplug::Optimizer {
 public:
  explicit Ftrl(const nnplug::Params& params)
      : power_(static_cast<float>(-params.number("learning_rate_power"))),
        initial_accumulator_value_(static_cast<float>(params.number("initial_accumulator_value"))),
        l1_(static_cast<float>(params.number("l1_regularization_strength"))),
        l2_(params.number("l2_regularization_strength")),
        l2_shrinkage_(static_cast<float>(params.number("l2_shrinkage_regularization_strength"))),
        beta_(params.number("beta")) {}

  std::vector<nnplug::Slot> slots(nnplug::ShapeView) const override {
    return {{"accumulator", initial_accumulator_value_}, {"linear"}};
  }

  bool elementwise() const override { return true; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step, const nnplug::Variable&) const override {
    const double lr = step.learning_rate;
    const Factors f{static_cast<float>(1.0 / lr), static_cast<float>(2.0 * (l2_ + beta_ / (2.0 * lr))),
                    2.0f * l2_shrinkage_, l1_};
    // The default power 0.5 is a square root: exact, and it vectorises where pow does not.
    if (power_ == 0.5f)
      follow(w.data(), g.data(), slots[0].data(), slots[1].data(), w.size(), f, [](float x) { return std::sqrt(x); });
    else
      follow(w.data(), g.data(), slots[0].data(), slots[1].data(), w.size(), f,
             [p = power_](float x) { return std::pow(x, p); });
  }

 private:
  struct Factors {
    float inverse_lr, two_l2, two_l2_shrinkage, l1;
  };

  template <class Power>
  static void follow(float* __restrict w, const float* __restrict g, float* __restrict accumulator,
                     float* __restrict linear, Eigen::Index size, Factors f, Power power) {
    for (Eigen::Index i = 0; i < size; ++i) {
      const float g_shrunk = g[i] + f.two_l2_shrinkage * w[i];
      const float new_accumulator = accumulator[i] + g[i] * g[i];
      const float new_power = power(new_accumulator);
      linear[i] += g_shrunk - (new_power - power(accumulator[i])) * f.inverse_lr * w[i];
      const float quadratic = new_power * f.inverse_lr + f.two_l2;
      w[i] = (std::clamp(linear[i], -f.l1, f.l1) - linear[i]) / quadratic;
      accumulator[i] = new_accumulator;
    }
  }

  float power_;
  float initial_accumulator_value_;
  float l1_;
  double l2_;
  float l2_shrinkage_;
  double beta_;
};

}  // namespace

NNPLUG_PLUGIN(Ftrl, ::nnplug::Kind::optimizer, "ftrl", "Ftrl", "1.0.0",
              "follow the regularized leader, FTRL-Proximal with L1, L2 and L2-shrinkage (Keras Ftrl)",
              R"json({"type": "object", "additionalProperties": false, "properties": {)json"
              NNPLUG_LEARNING_RATE_SCHEMA(0.001) R"json(,
  "learning_rate_power": {"type": "number", "default": -0.5, "maximum": 0,
    "description": "per-coordinate rate lr / n^(-learning_rate_power), n the accumulated g^2; 0 keeps it fixed"},
  "initial_accumulator_value": {"type": "number", "default": 0.1, "minimum": 0,
    "description": "starting value of the accumulated squared gradients"},
  "l1_regularization_strength": {"type": "number", "default": 0.0, "minimum": 0,
    "description": "L1 strength; a coordinate whose |linear| stays within it is exactly 0"},
  "l2_regularization_strength": {"type": "number", "default": 0.0, "minimum": 0,
    "description": "L2 strength of the proximal (stabilising) term"},
  "l2_shrinkage_regularization_strength": {"type": "number", "default": 0.0, "minimum": 0,
    "description": "L2 penalty on the weights, added to the gradient as 2 * strength * w"},
  "beta": {"type": "number", "default": 0.0, "minimum": 0,
    "description": "adds beta / (2 lr) to the L2 strength (the paper's beta)"}}})json")
