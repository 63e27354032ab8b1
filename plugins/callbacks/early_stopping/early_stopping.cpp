// Keras 3's EarlyStopping (keras/src/callbacks/early_stopping.py): stops training after
// `patience` epochs without improvement of the monitored value. With restore_best_weights
// the best epoch's weights are put back at the end of training whenever any were saved,
// also when training ran to its last epoch (Keras 3; Keras 2 restored only after a stop).
#include "../monitor.hpp"

#include <nnplug/sdk/callback.hpp>

namespace {

using nnplug::CallbackContext;
using nnplug::Json;
using nnplug::Params;

constexpr const char* best_weights_key = "best";

class EarlyStopping final : public nnplug::Callback {
 public:
  explicit EarlyStopping(const Params& params)
      : monitor_(params, "EarlyStopping", params.number("min_delta")),
        patience_(params.integer("patience")),
        verbose_(params.integer("verbose")),
        baseline_(params.has("baseline") ? std::optional(params.number("baseline")) : std::nullopt),
        restore_best_weights_(params.boolean("restore_best_weights")),
        start_from_epoch_(params.integer("start_from_epoch")) {}

  void on_train_begin(CallbackContext& context) override {
    monitor_.resolve(context);
    if (!resumed_) {
      wait_ = 0;
      stopped_epoch_ = 0;
      best_.reset();
      best_epoch_ = 0;
    }
    // Snapshots live in the host's memory, so none survives a resume in another process.
    weights_saved_ = false;
    resumed_ = false;
  }

  void on_epoch_end(int epoch, CallbackContext& context) override {
    const auto current = monitor_.read(context, "Early stopping is conditioned");
    if (!current || epoch < start_from_epoch_) return;
    if (restore_best_weights_ && !weights_saved_) save_best(epoch, context);
    ++wait_;
    if (monitor_.is_improvement(*current, best_)) {
      best_ = current;
      best_epoch_ = epoch;
      if (restore_best_weights_) save_best(epoch, context);
      if (!baseline_ || monitor_.is_improvement(*current, baseline_)) wait_ = 0;
      return;
    }
    if (wait_ >= patience_ && epoch > 0) {
      stopped_epoch_ = epoch;
      context.stop_training();
    }
  }

  void on_train_end(CallbackContext& context) override {
    if (stopped_epoch_ > 0 && verbose_ > 0)
      context.message("Epoch " + std::to_string(stopped_epoch_ + 1) + ": early stopping");
    if (!restore_best_weights_ || !weights_saved_) return;
    if (verbose_ > 0)
      context.message("Restoring model weights from the end of the best epoch: " + std::to_string(best_epoch_ + 1) + ".");
    context.restore_weights(best_weights_key);
  }

  Json state() const override {
    return Json{{"best", nnplug::callbacks::optional_to_json(best_)}, {"wait", wait_},
                {"stopped_epoch", stopped_epoch_}, {"best_epoch", best_epoch_}};
  }
  void load_state(const Json& state) override {
    best_ = nnplug::callbacks::optional_from_json(state.value("best", Json()));
    wait_ = state.value("wait", std::int64_t{0});
    stopped_epoch_ = state.value("stopped_epoch", 0);
    best_epoch_ = state.value("best_epoch", 0);
    resumed_ = true;
  }

 private:
  void save_best(int epoch, CallbackContext& context) {
    context.snapshot_weights(best_weights_key);
    weights_saved_ = true;
    best_epoch_ = epoch;
  }

  nnplug::callbacks::Monitor monitor_;
  std::int64_t patience_;
  std::int64_t verbose_;
  std::optional<double> baseline_;
  bool restore_best_weights_;
  std::int64_t start_from_epoch_;
  std::optional<double> best_;
  std::int64_t wait_ = 0;
  int stopped_epoch_ = 0;
  int best_epoch_ = 0;
  bool weights_saved_ = false;
  bool resumed_ = false;
};

}  // namespace

NNPLUG_PLUGIN(EarlyStopping, ::nnplug::Kind::callback, "early_stopping", "EarlyStopping", "1.0.0",
              "stops training when the monitored value stops improving (Keras's EarlyStopping)",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "monitor": {"type": "string", "minLength": 1, "default": "val_loss", "description": "log key to watch, e.g. val_loss, loss, val_accuracy"},
  "min_delta": {"type": "number", "default": 0, "description": "an improvement must beat the best by more than this (its absolute value is used)"},
  "patience": {"type": "integer", "minimum": 0, "default": 0, "description": "epochs without improvement before training stops (0: the first one)"},
  "verbose": {"type": "integer", "minimum": 0, "default": 0, "description": "above 0: print when training stops and when weights are restored"},
  "mode": {"enum": ["auto", "min", "max"], "default": "auto", "description": "min: lower is better; max: higher is better; auto: from the monitored metric (loss: min, accuracy: max)"},
  "baseline": {"type": ["number", "null"], "default": null, "description": "a value the monitor must improve on, or training stops after patience epochs; null: none"},
  "restore_best_weights": {"type": "boolean", "default": false, "description": "at the end of training, put back the weights of the best epoch (whenever any were saved, as Keras 3 does)"},
  "start_from_epoch": {"type": "integer", "minimum": 0, "default": 0, "description": "epochs (0-based) before which nothing is monitored (a warm-up)"}}})json")
