// Stochastic gradient descent with optional (Nesterov) momentum, as Keras 3's SGD:
//   momentum 0:  w -= lr g
//   otherwise:   v = momentum v - lr g;  w += v  (Nesterov: w += momentum v - lr g)
// The velocity stores lr-scaled gradients, so it matches PyTorch only while lr is constant.
#include "../optimizer_parts.hpp"

namespace {

class Sgd final : public nnplug::Optimizer {
 public:
  explicit Sgd(const nnplug::Params& params)
      : momentum_(static_cast<float>(params.number("momentum"))), nesterov_(params.boolean("nesterov")) {}

  // Keras creates the velocity only when it is used.
  std::vector<nnplug::Slot> slots(nnplug::ShapeView) const override {
    if (momentum_ == 0.0f) return {};
    return {{"momentum"}};
  }

  bool elementwise() const override { return true; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step, const nnplug::Variable&) const override {
    const float lr = step.learning_rate;
    if (momentum_ == 0.0f)
      descend(w.data(), g.data(), w.size(), lr);
    else if (nesterov_)
      descend_with_momentum<true>(w.data(), g.data(), slots[0].data(), w.size(), momentum_, lr);
    else
      descend_with_momentum<false>(w.data(), g.data(), slots[0].data(), w.size(), momentum_, lr);
  }

 private:
  static void descend(float* __restrict w, const float* __restrict g, Eigen::Index size, float lr) {
    for (Eigen::Index i = 0; i < size; ++i) w[i] -= lr * g[i];
  }

  template <bool nesterov>
  static void descend_with_momentum(float* __restrict w, const float* __restrict g, float* __restrict v,
                                    Eigen::Index size, float momentum, float lr) {
    for (Eigen::Index i = 0; i < size; ++i) {
      v[i] = momentum * v[i] - lr * g[i];
      if constexpr (nesterov)
        w[i] += momentum * v[i] - lr * g[i];
      else
        w[i] += v[i];
    }
  }

  float momentum_;
  bool nesterov_;
};

}  // namespace

NNPLUG_PLUGIN(Sgd, ::nnplug::Kind::optimizer, "sgd", "SGD", "1.0.0",
              "gradient descent with optional momentum and Nesterov momentum (Keras SGD)",
              R"json({"type": "object", "additionalProperties": false, "properties": {)json"
              NNPLUG_LEARNING_RATE_SCHEMA(0.01) R"json(,
  "momentum": {"type": "number", "default": 0.0, "minimum": 0, "maximum": 1,
               "description": "velocity decay factor; 0 disables momentum and its slot"},
  "nesterov": {"type": "boolean", "default": false,
               "description": "use Nesterov momentum (step along the new velocity once more)"}}})json")
