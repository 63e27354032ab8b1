// Keras 3's ReduceLROnPlateau (keras/src/callbacks/reduce_lr_on_plateau.py), step for step:
// after `patience` epochs without improvement the rate is multiplied by `factor` (not below
// min_lr), then `cooldown` epochs pass before bad epochs count again. The cooldown counter
// is consumed before the improvement test of the same epoch, so cooldown=1 has no effect.
#include "../monitor.hpp"
#include "../python_format.hpp"

#include <nnplug/sdk/callback.hpp>

#include <algorithm>

namespace {

using nnplug::CallbackContext;
using nnplug::Json;
using nnplug::Params;
using nnplug::ParamError;

// Keras 2's `epsilon` is min_delta's old name (Keras 3 silently ignores it; nnplug honours it).
double min_delta(const Params& params) {
  if (params.has("min_delta") && params.has("epsilon"))
    throw ParamError(params.owner(), "epsilon", "is Keras 2's name for min_delta, and min_delta is given too; keep one");
  if (params.has("epsilon")) return params.number("epsilon");
  return params.has("min_delta") ? params.number("min_delta") : 1e-4;
}

class ReduceLrOnPlateau final : public nnplug::Callback {
 public:
  explicit ReduceLrOnPlateau(const Params& params)
      : monitor_(params, "ReduceLROnPlateau", min_delta(params)),
        factor_(params.number("factor")),
        patience_(params.integer("patience")),
        verbose_(params.integer("verbose")),
        cooldown_(params.integer("cooldown")),
        min_lr_(params.number("min_lr")) {}

  bool sets_learning_rate() const override { return true; }

  void on_train_begin(CallbackContext& context) override {
    monitor_.resolve(context);
    if (!resumed_) {
      best_.reset();
      wait_ = 0;
      cooldown_counter_ = 0;
    }
    resumed_ = false;
  }

  void on_epoch_end(int epoch, CallbackContext& context) override {
    context.set_log("learning_rate", context.learning_rate());
    const auto current = monitor_.read(context, "Learning rate reduction is conditioned");
    if (!current) return;
    if (cooldown_counter_ > 0) {
      --cooldown_counter_;
      wait_ = 0;
    }
    if (monitor_.is_improvement(*current, best_)) {
      best_ = current;
      wait_ = 0;
    } else if (cooldown_counter_ == 0) {
      ++wait_;
      if (wait_ >= patience_ && reduce(epoch, context)) {
        cooldown_counter_ = cooldown_;
        wait_ = 0;
      }
    }
  }

  Json state() const override {
    return Json{{"best", nnplug::callbacks::optional_to_json(best_)}, {"wait", wait_}, {"cooldown_counter", cooldown_counter_}};
  }
  void load_state(const Json& state) override {
    best_ = nnplug::callbacks::optional_from_json(state.value("best", Json()));
    wait_ = state.value("wait", std::int64_t{0});
    cooldown_counter_ = state.value("cooldown_counter", std::int64_t{0});
    resumed_ = true;
  }

 private:
  // The rate is float32 in the optimizer, so the floor is compared as float32 too.
  bool reduce(int epoch, CallbackContext& context) const {
    const double old_lr = context.learning_rate();
    if (!(old_lr > double(float(min_lr_)))) return false;
    const double new_lr = std::max(old_lr * factor_, min_lr_);
    context.set_learning_rate(new_lr);
    if (verbose_ > 0)
      context.message("Epoch " + std::to_string(epoch + 1) + ": ReduceLROnPlateau reducing learning rate to " +
                      nnplug::callbacks::python_repr(new_lr) + ".");
    return true;
  }

  nnplug::callbacks::Monitor monitor_;
  double factor_;
  std::int64_t patience_;
  std::int64_t verbose_;
  std::int64_t cooldown_;
  double min_lr_;
  std::optional<double> best_;
  std::int64_t wait_ = 0;
  std::int64_t cooldown_counter_ = 0;
  bool resumed_ = false;
};

}  // namespace

NNPLUG_PLUGIN(ReduceLrOnPlateau, ::nnplug::Kind::callback, "reduce_lr_on_plateau", "ReduceLROnPlateau", "1.0.0",
              "multiplies the learning rate by factor when the monitored value stops improving (Keras's ReduceLROnPlateau)",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "monitor": {"type": "string", "minLength": 1, "default": "val_loss", "description": "log key to watch, e.g. val_loss, loss, val_accuracy"},
  "factor": {"type": "number", "minimum": 0, "exclusiveMaximum": 1, "default": 0.1, "description": "new_lr = lr * factor (below 1, as Keras requires)"},
  "patience": {"type": "integer", "minimum": 0, "default": 10, "description": "epochs without improvement before the rate is reduced"},
  "verbose": {"type": "integer", "minimum": 0, "default": 0, "description": "above 0: print a line at every reduction"},
  "mode": {"enum": ["auto", "min", "max"], "default": "auto", "description": "min: lower is better; max: higher is better; auto: from the monitored metric (loss: min, accuracy: max)"},
  "min_delta": {"type": ["number", "null"], "default": null, "description": "an improvement must beat the best by more than this; null: 1e-4 (Keras's default), or epsilon's value"},
  "epsilon": {"type": ["number", "null"], "default": null, "description": "Keras 2's name for min_delta (give one of the two)"},
  "cooldown": {"type": "integer", "minimum": 0, "default": 0, "description": "epochs after a reduction before bad epochs count again (1 has no effect, as in Keras)"},
  "min_lr": {"type": "number", "minimum": 0, "default": 0, "description": "the rate is never reduced below this"}}})json")
