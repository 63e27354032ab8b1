#pragma once
// Keras 3's MonitorCallback (keras/src/callbacks/monitor_callback.py), shared by
// reduce_lr_on_plateau, early_stopping and model_checkpoint: which way the monitored value
// is better (mode min/max, or auto from the metric's direction) and the strict improvement
// test with min_delta.
#include <nnplug/sdk/callback.hpp>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

namespace nnplug::callbacks {

class Monitor {
 public:
  // callback: the Keras class name, for messages ("EarlyStopping").
  Monitor(const Params& params, std::string callback, double min_delta)
      : key_(params.text("monitor")), mode_(params.text("mode")), callback_(std::move(callback)),
        min_delta_(std::fabs(min_delta)) {}

  const std::string& key() const { return key_; }

  // Keras resolves "auto" at the first epoch end; the host knows the metrics before
  // training, so an unresolvable monitor is refused before the first epoch instead.
  void resolve(const CallbackContext& context) {
    if (mode_ == "min") maximize_ = false;
    else if (mode_ == "max") maximize_ = true;
    else switch (context.direction(key_)) {
      case Direction::minimize: maximize_ = false; break;
      case Direction::maximize: maximize_ = true; break;
      case Direction::unknown:
        throw std::invalid_argument(callback_ + " monitors '" + key_ + "', and whether it should be minimized or "
                                    "maximized is not known (it is neither a loss nor a compiled metric); set "
                                    "\"mode\": \"min\" or \"mode\": \"max\"");
    }
  }

  // Keras's _is_improvement: monitor_op(current - signed min_delta, reference), strict, so
  // a value exactly min_delta better is not an improvement; no reference is one.
  bool is_improvement(double current, std::optional<double> reference) const {
    if (!reference) return true;
    if (!maximize_) throw std::logic_error(callback_ + ": the monitor's mode was used before it was resolved");
    return *maximize_ ? current - min_delta_ > *reference : current - (-min_delta_) < *reference;
  }

  // The monitored value of these logs; when it is missing, Keras's warning naming the
  // available keys. condition: how the warning starts ("Early stopping is conditioned").
  std::optional<double> read(CallbackContext& context, const std::string& condition) const {
    const auto value = context.log(key_);
    if (value) return value;
    std::string available;
    for (const auto& key : context.log_keys()) available += (available.empty() ? "" : ",") + key;
    context.warn(condition + " on metric `" + key_ + "` which is not available. Available metrics are: " + available +
                 ".");
    return std::nullopt;
  }

 private:
  std::string key_;
  std::string mode_;
  std::string callback_;
  double min_delta_;
  std::optional<bool> maximize_;
};

// A best value in a callback's state(): null when there is none yet.
inline Json optional_to_json(std::optional<double> value) { return value ? Json(*value) : Json(nullptr); }
inline std::optional<double> optional_from_json(const Json& value) {
  return value.is_number() ? std::optional(value.get<double>()) : std::nullopt;
}

}  // namespace nnplug::callbacks
