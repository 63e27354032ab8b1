// LAMB (You et al. 2019), as Keras 3's Lamb: Adam's bias-corrected direction, scaled per
// tensor by the trust ratio ||w|| / ||u|| (1 when either norm is 0). Unlike the paper, the
// direction has no weight-decay term; a decay is the core's, applied to w before.
//   m += (g - m)(1 - beta_1);  v += (g^2 - v)(1 - beta_2)
//   u = (m / (1 - beta_1^t)) / (sqrt(v / (1 - beta_2^t)) + epsilon);  w -= (||w|| / ||u||) lr u
#include "../optimizer_parts.hpp"

namespace {

using nnplug::optimizer_parts::move_average;
using nnplug::optimizer_parts::one_minus_power;

class Lamb final : public nnplug::Optimizer {
 public:
  explicit Lamb(const nnplug::Params& params)
      : decays_(params), epsilon_(static_cast<float>(params.number("epsilon"))) {}

  std::vector<nnplug::Slot> slots(nnplug::ShapeView) const override { return {{"momentum"}, {"velocity"}}; }

  // The trust ratio needs the norms of the whole tensor.
  bool elementwise() const override { return false; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step, const nnplug::Variable&) const override {
    const Factors f{static_cast<float>(1.0 - decays_.beta_1), static_cast<float>(1.0 - decays_.beta_2),
                    static_cast<float>(1.0 / one_minus_power(decays_.beta_1, step.iteration)),
                    static_cast<float>(1.0 / one_minus_power(decays_.beta_2, step.iteration)), epsilon_,
                    step.learning_rate};
    descend(w.data(), g.data(), slots[0].data(), slots[1].data(), w.size(), f);
  }

 private:
  struct Factors {
    float one_minus_beta_1, one_minus_beta_2, m_correction, v_correction, epsilon, lr;
  };

  static void descend(float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v,
                      Eigen::Index size, Factors f) {
    const auto direction = [&](Eigen::Index i) {
      return m[i] * f.m_correction / (std::sqrt(v[i] * f.v_correction) + f.epsilon);
    };
    // First pass: the moments, and both norms (in double: a float sum over a large tensor drifts).
    double w_squares = 0.0;
    double u_squares = 0.0;
    for (Eigen::Index i = 0; i < size; ++i) {
      move_average(m[i], g[i], f.one_minus_beta_1);
      move_average(v[i], g[i] * g[i], f.one_minus_beta_2);
      const double u = direction(i);
      w_squares += double(w[i]) * w[i];
      u_squares += u * u;
    }
    const double trust_ratio = w_squares > 0.0 && u_squares > 0.0 ? std::sqrt(w_squares / u_squares) : 1.0;
    // Second pass: recompute the direction (cheaper than storing it) and step.
    const float step_size = static_cast<float>(trust_ratio * f.lr);
    for (Eigen::Index i = 0; i < size; ++i) w[i] -= step_size * direction(i);
  }

  nnplug::optimizer_parts::MomentDecays decays_;
  float epsilon_;
};

}  // namespace

NNPLUG_PLUGIN(Lamb, ::nnplug::Kind::optimizer, "lamb", "Lamb", "1.0.0",
              "Adam's direction scaled per tensor by the trust ratio ||w|| / ||u|| (Keras Lamb)",
              R"json({"type": "object", "additionalProperties": false, "properties": {)json"
              NNPLUG_LEARNING_RATE_SCHEMA(0.001) ", " NNPLUG_MOMENT_DECAYS_SCHEMA R"json(,
  "epsilon": {"type": "number", "default": 1e-7, "minimum": 0,
              "description": "added to the bias-corrected sqrt(v)"}}})json")
