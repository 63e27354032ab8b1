// AdaBelief (Zhuang et al., "AdaBelief Optimizer: Adapting Stepsizes by the Belief in
// Observed Gradients", NeurIPS 2020), Algorithm 2, an optimizer Keras does not have:
//   m_t = b1 m + (1 - b1) g
//   s_t = b2 s + (1 - b2) (g - m_t)^2 + eps          (eps inside s_t, as in the paper)
//   w  <- w - lr * [m_t / (1 - b1^t)] / (sqrt(s_t / (1 - b2^t)) + eps)
// Adam's step scaled by the belief in the gradient: the spread of g around its own
// average instead of g's magnitude. tests/cli/custom_plugin_test.cpp checks it against
// a NumPy transcription of the algorithm (tools/reference/adabelief.py).
#include <nnplug/sdk/optimizer.hpp>

#include <cmath>

namespace {

class AdaBelief final : public nnplug::Optimizer {
 public:
  explicit AdaBelief(const nnplug::Params& params)
      : beta_1_(static_cast<float>(params.number("beta_1"))),
        beta_2_(static_cast<float>(params.number("beta_2"))),
        epsilon_(static_cast<float>(params.number("epsilon"))) {}

  // The paper's m (first moment) and s (the "belief": EMA of (g - m)^2), zero to start.
  std::vector<nnplug::Slot> slots(nnplug::ShapeView) const override { return {{"m"}, {"s"}}; }
  bool elementwise() const override { return true; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step, const nnplug::Variable&) const override {
    // Bias corrections depend only on t: once per call, in double.
    const double t = static_cast<double>(step.iteration);
    const float step_size = static_cast<float>(step.learning_rate / (1.0 - std::pow(double(beta_1_), t)));
    const float inverse_correction_2 = static_cast<float>(1.0 / (1.0 - std::pow(double(beta_2_), t)));
    float* __restrict value = w.data();
    const float* __restrict gradient = g.data();
    float* __restrict m = slots[0].data();
    float* __restrict s = slots[1].data();
    const float b1 = beta_1_, b2 = beta_2_, eps = epsilon_;
    // One pass over memory for the whole update.
    for (Eigen::Index i = 0, n = w.size(); i < n; ++i) {
      const float m_t = b1 * m[i] + (1.0f - b1) * gradient[i];
      const float deviation = gradient[i] - m_t;
      const float s_t = b2 * s[i] + (1.0f - b2) * deviation * deviation + eps;
      m[i] = m_t;
      s[i] = s_t;
      value[i] -= step_size * m_t / (std::sqrt(s_t * inverse_correction_2) + eps);
    }
  }

 private:
  float beta_1_, beta_2_, epsilon_;
};

}  // namespace

NNPLUG_PLUGIN(AdaBelief, nnplug::Kind::optimizer, "adabelief", "AdaBelief", "1.0.0",
              "AdaBelief (Zhuang et al. 2020): Adam's step scaled by the belief in the observed gradient", R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "learning_rate": {"type": "number", "exclusiveMinimum": 0, "default": 0.001,
                      "description": "step size alpha; applied by the core"},
    "beta_1": {"type": "number", "minimum": 0, "exclusiveMaximum": 1, "default": 0.9,
               "description": "decay rate of the first moment m"},
    "beta_2": {"type": "number", "minimum": 0, "exclusiveMaximum": 1, "default": 0.999,
               "description": "decay rate of the belief s, the average of (g - m)^2"},
    "epsilon": {"type": "number", "minimum": 0, "default": 1e-16,
                "description": "added to s at every step and to sqrt(s) in the step; the authors' default 1e-16 inside the square root matches Adam's 1e-8 outside it"}
  }
})json")
