// Lion (Chen et al. 2023), as Keras 3's Lion: step by the sign of an interpolation between
// momentum and gradient, then move the momentum with its own rate:
//   w -= lr sign(beta_1 m + (1 - beta_1) g);  m = beta_2 m + (1 - beta_2) g
#include "../optimizer_parts.hpp"

namespace {

class Lion final : public nnplug::Optimizer {
 public:
  explicit Lion(const nnplug::Params& params)
      : beta_1_(static_cast<float>(params.number("beta_1"))), beta_2_(static_cast<float>(params.number("beta_2"))) {}

  std::vector<nnplug::Slot> slots(nnplug::ShapeView) const override { return {{"momentum"}}; }

  bool elementwise() const override { return true; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step, const nnplug::Variable&) const override {
    descend(w.data(), g.data(), slots[0].data(), w.size(),
            {beta_1_, 1.0f - beta_1_, beta_2_, 1.0f - beta_2_, step.learning_rate});
  }

 private:
  struct Factors {
    float beta_1, one_minus_beta_1, beta_2, one_minus_beta_2, lr;
  };

  // sign(0) = 0 as in Keras, and a NaN stays NaN instead of becoming a silent zero step;
  // written without branches so the loop vectorises.
  static float sign(float x) { return std::isnan(x) ? x : float(x > 0.0f) - float(x < 0.0f); }

  static void descend(float* __restrict w, const float* __restrict g, float* __restrict m, Eigen::Index size,
                      Factors f) {
    for (Eigen::Index i = 0; i < size; ++i) {
      w[i] -= f.lr * sign(f.beta_1 * m[i] + f.one_minus_beta_1 * g[i]);
      m[i] = f.beta_2 * m[i] + f.one_minus_beta_2 * g[i];
    }
  }

  float beta_1_;
  float beta_2_;
};

}  // namespace

NNPLUG_PLUGIN(Lion, ::nnplug::Kind::optimizer, "lion", "Lion", "1.0.0",
              "step by the sign of interpolated momentum and gradient (Keras Lion)",
              R"json({"type": "object", "additionalProperties": false, "properties": {)json"
              NNPLUG_LEARNING_RATE_SCHEMA(0.001) R"json(,
  "beta_1": {"type": "number", "default": 0.9, "exclusiveMinimum": 0, "maximum": 1,
             "description": "weight of the momentum in the step direction (Keras requires (0, 1]; 0 would be SignSGD)"},
  "beta_2": {"type": "number", "default": 0.99, "minimum": 0, "maximum": 1,
             "description": "decay rate of the momentum"}}})json")
