// Nadam (Dozat), Adam with Nesterov momentum, as Keras 3's Nadam: the momentum schedule
// is mu_t = beta_1 (1 - 0.5 * 0.96^t) (Keras 2 and PyTorch use 0.96^(0.004 t)), and
// u_product = mu_1 ... mu_t is one optimizer-wide scalar, advanced once per step.
//   m += (g - m)(1 - beta_1);  v += (g^2 - v)(1 - beta_2)
//   m_hat = mu_{t+1} m / (1 - u_product mu_{t+1}) + (1 - mu_t) g / (1 - u_product)
//   v_hat = v / (1 - beta_2^t);  w -= lr m_hat / (sqrt(v_hat) + epsilon)
#include "../optimizer_parts.hpp"

namespace {

using nnplug::optimizer_parts::move_average;
using nnplug::optimizer_parts::one_minus_power;

class Nadam final : public nnplug::Optimizer {
 public:
  explicit Nadam(const nnplug::Params& params)
      : decays_(params), epsilon_(static_cast<float>(params.number("epsilon"))) {}

  std::vector<nnplug::Slot> slots(nnplug::ShapeView) const override { return {{"momentum"}, {"velocity"}}; }
  std::vector<nnplug::Slot> globals() const override { return {{"u_product", 1.0f}}; }

  void begin_step(std::span<float> globals, const nnplug::StepContext& step) const override {
    globals[0] = static_cast<float>(globals[0] * mu(step.iteration));
  }

  bool elementwise() const override { return true; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step, const nnplug::Variable&) const override {
    const double lr = step.learning_rate;
    const double mu_t = mu(step.iteration);
    const double mu_next = mu(step.iteration + 1);
    const double u_product = step.globals[0];
    const Factors f{static_cast<float>(lr * mu_next / (1.0 - u_product * mu_next)),
                    static_cast<float>(lr * (1.0 - mu_t) / (1.0 - u_product)),
                    static_cast<float>(1.0 / one_minus_power(decays_.beta_2, step.iteration)),
                    static_cast<float>(1.0 - decays_.beta_1), static_cast<float>(1.0 - decays_.beta_2), epsilon_};
    descend(w.data(), g.data(), slots[0].data(), slots[1].data(), w.size(), f);
  }

 private:
  // The learning rate is folded into the weights of m and g in m_hat.
  struct Factors {
    float lr_momentum_weight, lr_gradient_weight, velocity_correction, one_minus_beta_1, one_minus_beta_2, epsilon;
  };

  double mu(std::int64_t t) const { return decays_.beta_1 * (1.0 - 0.5 * std::pow(0.96, static_cast<double>(t))); }

  static void descend(float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v,
                      Eigen::Index size, Factors f) {
    for (Eigen::Index i = 0; i < size; ++i) {
      move_average(m[i], g[i], f.one_minus_beta_1);
      move_average(v[i], g[i] * g[i], f.one_minus_beta_2);
      const float lr_m_hat = f.lr_momentum_weight * m[i] + f.lr_gradient_weight * g[i];
      w[i] -= lr_m_hat / (std::sqrt(v[i] * f.velocity_correction) + f.epsilon);
    }
  }

  nnplug::optimizer_parts::MomentDecays decays_;
  float epsilon_;
};

}  // namespace

NNPLUG_PLUGIN(Nadam, ::nnplug::Kind::optimizer, "nadam", "Nadam", "1.0.0",
              "Adam with Nesterov momentum and Keras 3's 0.96^t momentum schedule (Keras Nadam)",
              R"json({"type": "object", "additionalProperties": false, "properties": {)json"
              NNPLUG_LEARNING_RATE_SCHEMA(0.001) ", " NNPLUG_MOMENT_DECAYS_SCHEMA R"json(,
  "epsilon": {"type": "number", "default": 1e-7, "minimum": 0,
              "description": "added to the bias-corrected sqrt(v_hat), as in PyTorch"}}})json")
