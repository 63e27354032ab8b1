// Keras's TerminateOnNaN (keras/src/callbacks/terminate_on_nan.py): after every batch, a
// NaN or infinite running loss stops training (or, with raise_error, fails it at once).
#include "../python_format.hpp"

#include <nnplug/sdk/callback.hpp>

#include <cmath>
#include <stdexcept>

namespace {

using nnplug::CallbackContext;

class TerminateOnNaN final : public nnplug::Callback {
 public:
  explicit TerminateOnNaN(const nnplug::Params& params) : raise_error_(params.boolean("raise_error")) {}

  bool uses_batch_hooks() const override { return true; }

  void on_epoch_begin(int epoch, CallbackContext&) override { epoch_ = epoch; }

  void on_train_batch_end(std::int64_t batch, CallbackContext& context) override {
    const auto loss = context.log("loss");
    if (!loss || std::isfinite(*loss)) return;
    if (raise_error_)
      throw std::runtime_error("NaN or Inf loss encountered at batch " + std::to_string(batch) + " of epoch " +
                               std::to_string(epoch_ + 1) + " (batch 0-based, epoch 1-based). Loss value: " +
                               nnplug::callbacks::python_repr(*loss) + ". Terminating training immediately.");
    context.message("Batch " + std::to_string(batch) + ": Invalid loss, terminating training");
    context.stop_training();
  }

 private:
  bool raise_error_;
  int epoch_ = 0;
};

}  // namespace

NNPLUG_PLUGIN(TerminateOnNaN, ::nnplug::Kind::callback, "terminate_on_nan", "TerminateOnNaN", "1.0.0",
              "stops training when the loss becomes NaN or infinite (Keras's TerminateOnNaN)",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "raise_error": {"type": "boolean", "default": false, "description": "fail with an error naming the epoch and batch instead of stopping training quietly"}}})json")
