#pragma once
// What several optimizer plugins share: the schema entries they all (or the Adam family)
// declare, the moving average and bias correction of Adam's relatives, and Adam's update
// itself, which Keras's AdamW reuses unchanged.
#include <nnplug/sdk/optimizer.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>

// Every optimizer declares learning_rate with its Keras default; the core reads it (and
// Keras 2's `lr`), applies decay and schedules, and passes StepContext::learning_rate.
#define NNPLUG_LEARNING_RATE_SCHEMA(KERAS_DEFAULT)                                              \
  R"json("learning_rate": {"type": "number", "default": )json" #KERAS_DEFAULT                   \
  R"json(, "exclusiveMinimum": 0, "description": "step size (Keras 2: lr); read by the core, )json" \
  R"json(which applies decay, schedules and clipping; the plugin never reads it"})json"

// beta_1 and beta_2 as Adam, AdamW, Adamax, Nadam and Lamb declare them.
#define NNPLUG_MOMENT_DECAYS_SCHEMA                                                             \
  R"json("beta_1": {"type": "number", "default": 0.9, "minimum": 0, "exclusiveMaximum": 1,)json" \
  R"json( "description": "decay rate of the first-moment (mean) estimate m"},)json"             \
  R"json( "beta_2": {"type": "number", "default": 0.999, "minimum": 0, "exclusiveMaximum": 1,)json" \
  R"json( "description": "decay rate of the second-moment estimate v (Adamax: of the infinity norm u)"})json"

// Adam's and AdamW's own parameters.
#define NNPLUG_ADAM_SCHEMA                                                                      \
  NNPLUG_MOMENT_DECAYS_SCHEMA                                                                   \
  R"json(, "epsilon": {"type": "number", "default": 1e-7, "minimum": 0,)json"                  \
  R"json( "description": "added to the un-corrected sqrt(v) (Keras's epsilon hat; )json"       \
  R"json(PyTorch's eps differs by sqrt(1 - beta_2^t))"},)json"                                  \
  R"json( "amsgrad": {"type": "boolean", "default": false,)json"                                \
  R"json( "description": "divide by the running maximum of v (AMSGrad) instead of v"})json"

namespace nnplug::optimizer_parts {

// Keras's m.assign_add((x - m) * (1 - beta)): the moving average of Adam's relatives.
inline void move_average(float& average, float x, float one_minus_beta) { average += (x - average) * one_minus_beta; }

// 1 - beta^t in double: beta^t in float loses the correction's digits as t grows.
inline double one_minus_power(double beta, std::int64_t t) { return 1.0 - std::pow(beta, static_cast<double>(t)); }

// The two decay rates of the Adam family, read once.
struct MomentDecays {
  explicit MomentDecays(const Params& params) : beta_1(params.number("beta_1")), beta_2(params.number("beta_2")) {}
  double beta_1;
  double beta_2;
};

// Adam with optional AMSGrad, Keras 3 semantics: epsilon is added to the un-corrected
// sqrt(v), and both bias corrections are folded into the step size alpha.
//   alpha = lr sqrt(1 - beta_2^t) / (1 - beta_1^t)
//   m += (g - m)(1 - beta_1);  v += (g^2 - v)(1 - beta_2);  [v_hat = max(v_hat, v)]
//   w -= alpha m / (sqrt(v or v_hat) + epsilon)
class Adam final : public Optimizer {
 public:
  explicit Adam(const Params& params)
      : decays_(params), epsilon_(static_cast<float>(params.number("epsilon"))), amsgrad_(params.boolean("amsgrad")) {}

  std::vector<Slot> slots(ShapeView) const override {
    if (amsgrad_) return {{"momentum"}, {"velocity"}, {"velocity_hat"}};
    return {{"momentum"}, {"velocity"}};
  }

  bool elementwise() const override { return true; }

  void update(ArrayMap w, ConstArrayMap g, std::span<ArrayMap> slots, const StepContext& step,
              const Variable&) const override {
    const Factors f{static_cast<float>(step.learning_rate * std::sqrt(one_minus_power(decays_.beta_2, step.iteration)) /
                                       one_minus_power(decays_.beta_1, step.iteration)),
                    static_cast<float>(1.0 - decays_.beta_1), static_cast<float>(1.0 - decays_.beta_2), epsilon_};
    if (amsgrad_)
      step_moments<true>(w.data(), g.data(), slots[0].data(), slots[1].data(), slots[2].data(), w.size(), f);
    else
      step_moments<false>(w.data(), g.data(), slots[0].data(), slots[1].data(), nullptr, w.size(), f);
  }

 private:
  struct Factors {
    float alpha, one_minus_beta_1, one_minus_beta_2, epsilon;
  };

  // One pass: each element's m, v (and v_hat) and w are updated together, so every array
  // is streamed once; __restrict (the arrays never overlap) lets the loop vectorise.
  template <bool amsgrad>
  static void step_moments(float* __restrict w, const float* __restrict g, float* __restrict m,
                           float* __restrict v, float* __restrict v_hat, Eigen::Index size, Factors f) {
    for (Eigen::Index i = 0; i < size; ++i) {
      move_average(m[i], g[i], f.one_minus_beta_1);
      move_average(v[i], g[i] * g[i], f.one_minus_beta_2);
      float second_moment = v[i];
      if constexpr (amsgrad) second_moment = v_hat[i] = std::max(v_hat[i], v[i]);
      w[i] -= f.alpha * m[i] / (std::sqrt(second_moment) + f.epsilon);
    }
  }

  MomentDecays decays_;
  float epsilon_;
  bool amsgrad_;
};

}  // namespace nnplug::optimizer_parts
