// Stochastic gradient descent with optional (Nesterov) momentum, Keras 3 semantics:
// the velocity stores lr-scaled gradients, so it matches PyTorch only while lr is constant.
#include <nnplug/sdk/optimizer.hpp>

namespace {

class Sgd final : public nnplug::Optimizer {
 public:
  explicit Sgd(const nnplug::Params& params)
      : momentum_(static_cast<float>(params.number("momentum"))), nesterov_(params.boolean("nesterov")) {}

  // Keras creates the velocity only when it is used.
  std::vector<nnplug::Slot> slots() const override {
    if (momentum_ == 0.0f) return {};
    return {{"momentum"}};
  }

  bool elementwise() const override { return true; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step) const override {
    const float lr = step.learning_rate;
    if (momentum_ == 0.0f) {
      w -= lr * g;
      return;
    }
    nnplug::ArrayMap& v = slots[0];
    v = momentum_ * v - lr * g;
    if (nesterov_) {
      w += momentum_ * v - lr * g;
    } else {
      w += v;
    }
  }

 private:
  float momentum_;
  bool nesterov_;
};

}  // namespace

NNPLUG_PLUGIN(Sgd, ::nnplug::Kind::optimizer, "sgd", "SGD",
              "gradient descent with optional momentum and Nesterov momentum (Keras SGD)",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "learning_rate": {"type": "number", "default": 0.01, "exclusiveMinimum": 0,
                    "description": "step size; applied by the core (with decay, schedules and clipping), never read by the plugin"},
  "momentum": {"type": "number", "default": 0.0, "minimum": 0, "maximum": 1,
               "description": "velocity decay factor; 0 disables momentum and its slot"},
  "nesterov": {"type": "boolean", "default": false,
               "description": "use Nesterov momentum (look ahead along the new velocity)"}}})json")
