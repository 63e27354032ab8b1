// An optimizer written outside the nnplug tree: signSGD (Bernstein et al., 2018),
//   w <- w - lr * sign(g)      or, with momentum m:   v <- m v + (1 - m) g;  w <- w - lr * sign(v)
// Build it against the SDK headers only, drop the .so into a plugin directory and name
// it in a config: "optimizer": {"name": "sign_sgd", "learning_rate": 0.001}.
#include <nnplug/sdk.hpp>

namespace {

class SignSgd final : public nnplug::Optimizer {
 public:
  explicit SignSgd(const nnplug::Params& params) : momentum_(float(params.number("momentum"))) {}

  std::vector<nnplug::Slot> slots(nnplug::ShapeView) const override {
    if (momentum_ == 0.0f) return {};
    return {{"momentum"}};
  }

  bool elementwise() const override { return true; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step, const nnplug::Variable&) const override {
    if (momentum_ == 0.0f) {
      w -= step.learning_rate * g.sign();
      return;
    }
    nnplug::ArrayMap& v = slots[0];
    v = momentum_ * v + (1.0f - momentum_) * g;
    w -= step.learning_rate * v.sign();
  }

 private:
  float momentum_;
};

}  // namespace

NNPLUG_PLUGIN(SignSgd, nnplug::Kind::optimizer, "sign_sgd", "SignSGD", "1.0.0",
              "signSGD: steps of fixed size lr in the direction of the gradient's sign", R"json({
  "type": "object",
  "properties": {
    "learning_rate": {"type": "number", "exclusiveMinimum": 0, "default": 0.001,
                      "description": "step size (applied by the core)"},
    "momentum": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.0,
                 "description": "averaging of gradients before taking the sign (signum)"}
  },
  "additionalProperties": false
})json")
