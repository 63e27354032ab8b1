// Adamax (Kingma & Ba, section 7), Adam with the infinity norm, as Keras 3's Adamax:
//   m += (g - m)(1 - beta_1);  norm = max(beta_2 norm, |g|)
//   w -= lr m / ((1 - beta_1^t)(norm + epsilon))
#include "../optimizer_parts.hpp"

namespace {

using nnplug::optimizer_parts::move_average;
using nnplug::optimizer_parts::one_minus_power;

class Adamax final : public nnplug::Optimizer {
 public:
  explicit Adamax(const nnplug::Params& params)
      : decays_(params), epsilon_(static_cast<float>(params.number("epsilon"))) {}

  std::vector<nnplug::Slot> slots(nnplug::ShapeView) const override { return {{"momentum"}, {"norm"}}; }

  bool elementwise() const override { return true; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step, const nnplug::Variable&) const override {
    const Factors f{static_cast<float>(step.learning_rate / one_minus_power(decays_.beta_1, step.iteration)),
                    static_cast<float>(1.0 - decays_.beta_1), static_cast<float>(decays_.beta_2), epsilon_};
    descend(w.data(), g.data(), slots[0].data(), slots[1].data(), w.size(), f);
  }

 private:
  struct Factors {
    float alpha, one_minus_beta_1, beta_2, epsilon;
  };

  static void descend(float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict norm,
                      Eigen::Index size, Factors f) {
    for (Eigen::Index i = 0; i < size; ++i) {
      move_average(m[i], g[i], f.one_minus_beta_1);
      norm[i] = std::max(f.beta_2 * norm[i], std::abs(g[i]));
      w[i] -= f.alpha * m[i] / (norm[i] + f.epsilon);
    }
  }

  nnplug::optimizer_parts::MomentDecays decays_;
  float epsilon_;
};

}  // namespace

NNPLUG_PLUGIN(Adamax, ::nnplug::Kind::optimizer, "adamax", "Adamax", "1.0.0",
              "Adam with the infinity norm in place of the second moment (Keras Adamax)",
              R"json({"type": "object", "additionalProperties": false, "properties": {)json"
              NNPLUG_LEARNING_RATE_SCHEMA(0.001) ", " NNPLUG_MOMENT_DECAYS_SCHEMA R"json(,
  "epsilon": {"type": "number", "default": 1e-7, "minimum": 0,
              "description": "added to the infinity norm (PyTorch puts it inside the max)"}}})json")
