// Adam (Kingma & Ba) with optional AMSGrad, Keras 3 semantics: epsilon is added to the
// un-corrected sqrt(v), and the bias corrections are folded into the step size alpha.
#include <nnplug/sdk/optimizer.hpp>

#include <algorithm>
#include <cmath>

namespace {

class Adam final : public nnplug::Optimizer {
 public:
  explicit Adam(const nnplug::Params& params)
      : beta_1_(params.number("beta_1")),
        beta_2_(params.number("beta_2")),
        epsilon_(static_cast<float>(params.number("epsilon"))),
        amsgrad_(params.boolean("amsgrad")) {}

  std::vector<nnplug::Slot> slots() const override {
    if (amsgrad_) return {{"momentum"}, {"velocity"}, {"velocity_hat"}};
    return {{"momentum"}, {"velocity"}};
  }

  bool elementwise() const override { return true; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step) const override {
    // Scalars in double: beta^t for large t loses everything in float.
    const double t = static_cast<double>(step.iteration);
    const float alpha = static_cast<float>(step.learning_rate * std::sqrt(1.0 - std::pow(beta_2_, t)) /
                                           (1.0 - std::pow(beta_1_, t)));
    const float one_minus_beta_1 = static_cast<float>(1.0 - beta_1_);
    const float one_minus_beta_2 = static_cast<float>(1.0 - beta_2_);

    float* v_hat = amsgrad_ ? slots[2].data() : nullptr;
    // One pass: an element's m, v (and v_hat) and w are updated together, so each array is
    // read and written once per step; an Eigen expression per line would stream every
    // array once per line.
    update_moments(w.data(), g.data(), slots[0].data(), slots[1].data(), v_hat, w.size(),
                   {alpha, one_minus_beta_1, one_minus_beta_2, epsilon_});
  }

 private:
  struct Factors {
    float alpha, one_minus_beta_1, one_minus_beta_2, epsilon;
  };

  // m += (g - m)(1 - beta_1);  v += (g^2 - v)(1 - beta_2);  v_hat = max(v_hat, v);
  // w -= alpha m / (sqrt(v or v_hat) + epsilon). __restrict: the arrays never overlap,
  // which lets the compiler vectorise.
  static void update_moments(float* __restrict w, const float* __restrict g, float* __restrict m,
                             float* __restrict v, float* __restrict v_hat, Eigen::Index size, Factors f) {
    if (v_hat) {
      for (Eigen::Index i = 0; i < size; ++i) {
        m[i] += (g[i] - m[i]) * f.one_minus_beta_1;
        v[i] += (g[i] * g[i] - v[i]) * f.one_minus_beta_2;
        v_hat[i] = std::max(v_hat[i], v[i]);
        w[i] -= f.alpha * m[i] / (std::sqrt(v_hat[i]) + f.epsilon);
      }
      return;
    }
    for (Eigen::Index i = 0; i < size; ++i) {
      m[i] += (g[i] - m[i]) * f.one_minus_beta_1;
      v[i] += (g[i] * g[i] - v[i]) * f.one_minus_beta_2;
      w[i] -= f.alpha * m[i] / (std::sqrt(v[i]) + f.epsilon);
    }
  }

  double beta_1_;
  double beta_2_;
  float epsilon_;
  bool amsgrad_;
};

}  // namespace

NNPLUG_PLUGIN(Adam, ::nnplug::Kind::optimizer, "adam", "Adam",
              "adaptive moment estimation, optionally AMSGrad (Keras Adam)",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "learning_rate": {"type": "number", "default": 0.001, "exclusiveMinimum": 0,
                    "description": "step size; applied by the core (with decay, schedules and clipping), never read by the plugin"},
  "beta_1": {"type": "number", "default": 0.9, "minimum": 0, "exclusiveMaximum": 1,
             "description": "decay rate of the first-moment (mean) estimate"},
  "beta_2": {"type": "number", "default": 0.999, "minimum": 0, "exclusiveMaximum": 1,
             "description": "decay rate of the second-moment (uncentred variance) estimate"},
  "epsilon": {"type": "number", "default": 1e-7, "minimum": 0,
              "description": "added to sqrt(v) before the bias correction (Keras's epsilon hat; PyTorch's eps differs by sqrt(1 - beta_2^t))"},
  "amsgrad": {"type": "boolean", "default": false,
              "description": "divide by the running maximum of v (AMSGrad) instead of v"}}})json")
