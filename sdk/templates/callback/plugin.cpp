// @NAME@: an nnplug callback. As scaffolded it stops training once the epoch's loss is
// below `target_loss`; replace the hooks with your own.
#include <nnplug/sdk/callback.hpp>

namespace {

class @CLASS@ final : public nnplug::Callback {
 public:
  explicit @CLASS@(const nnplug::Params& params) : target_(params.number("target_loss")) {}

  void on_epoch_end(int epoch, nnplug::CallbackContext& context) override {
    const auto loss = context.log("loss");
    if (!loss || *loss >= target_) return;
    context.message("@NAME@: loss " + std::to_string(*loss) + " below the target at epoch " + std::to_string(epoch + 1));
    context.stop_training();
  }

 private:
  double target_;
};

}  // namespace

NNPLUG_PLUGIN(@CLASS@, nnplug::Kind::callback, "@NAME@", "@CLASS@", "0.1.0",
              "@NAME@: stops training below a target loss (scaffolded by nnplug new)", R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "target_loss": {"type": "number", "default": 0.05, "description": "stop once the epoch's loss is below this"}
  }
})json")
