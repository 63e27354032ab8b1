// @NAME@: an nnplug optimizer. As scaffolded it is SGD with momentum (Keras's formula),
//   v <- momentum * v - lr * g;  w <- w + v        (momentum 0: w <- w - lr * g)
// replace update() with your own rule.
#include <nnplug/sdk/optimizer.hpp>

namespace {

class @CLASS@ final : public nnplug::Optimizer {
 public:
  explicit @CLASS@(const nnplug::Params& params) : momentum_(static_cast<float>(params.number("momentum"))) {}

  // Per-parameter state the core allocates, saves and hands back: one velocity, or none.
  std::vector<nnplug::Slot> slots(nnplug::ShapeView) const override {
    if (momentum_ == 0.0f) return {};
    return {{"momentum"}};
  }
  // Element i of the result depends only on element i of w, g and v: the core may update
  // pieces of a parameter on several threads.
  bool elementwise() const override { return true; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step, const nnplug::Variable&) const override {
    if (momentum_ == 0.0f) {
      w -= step.learning_rate * g;
      return;
    }
    nnplug::ArrayMap& v = slots[0];
    v = momentum_ * v - step.learning_rate * g;
    w += v;
  }

 private:
  float momentum_;
};

}  // namespace

NNPLUG_PLUGIN(@CLASS@, nnplug::Kind::optimizer, "@NAME@", "@CLASS@", "0.1.0",
              "@NAME@: SGD with momentum (scaffolded by nnplug new)", R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "learning_rate": {"type": "number", "exclusiveMinimum": 0, "default": 0.01,
                      "description": "step size; the core applies it (declare it, never read it)"},
    "momentum": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.0,
                 "description": "fraction of the previous step kept in the velocity"}
  }
})json")
