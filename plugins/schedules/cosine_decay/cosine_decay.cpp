// Keras's CosineDecay: an optional linear warmup from initial_learning_rate to
// warmup_target over warmup_steps, then half a cosine from the peak down to alpha * peak
// over decay_steps, held there afterwards.
#include "../annealing.hpp"

#include <nnplug/sdk/schedule.hpp>

#include <algorithm>
#include <optional>

namespace {

class CosineDecay final : public nnplug::Schedule {
 public:
  explicit CosineDecay(const nnplug::Params& params)
      : initial_(params.number("initial_learning_rate")),
        decay_steps_(params.integer("decay_steps")),
        alpha_(params.number("alpha")),
        warmup_target_(params.has("warmup_target") ? std::optional(params.number("warmup_target")) : std::nullopt),
        // Keras ignores warmup_steps without a warmup_target.
        warmup_steps_(warmup_target_ ? params.integer("warmup_steps") : 0) {}

  double learning_rate(std::int64_t step) const override {
    const std::int64_t s = std::min(step, warmup_steps_ + decay_steps_);
    if (s < warmup_steps_)
      return nnplug::schedules::linear_annealing(initial_, *warmup_target_, ratio(s, warmup_steps_));
    const double peak = warmup_target_.value_or(initial_);
    return nnplug::schedules::cosine_annealing(peak, alpha_ * peak, ratio(s - warmup_steps_, decay_steps_));
  }

 private:
  static double ratio(std::int64_t part, std::int64_t whole) {
    return static_cast<double>(part) / static_cast<double>(whole);
  }

  double initial_;
  std::int64_t decay_steps_;
  double alpha_;
  std::optional<double> warmup_target_;
  std::int64_t warmup_steps_;
};

}  // namespace

NNPLUG_PLUGIN(CosineDecay, ::nnplug::Kind::schedule, "cosine_decay", "CosineDecay", "1.0.0",
              "optional linear warmup, then half a cosine from the peak to alpha * peak (Keras's CosineDecay)",
              R"json({"type": "object", "additionalProperties": false,
  "required": ["initial_learning_rate", "decay_steps"],
  "examples": [{"initial_learning_rate": 0.1, "decay_steps": 1000}], "properties": {
  "initial_learning_rate": {"type": "number", "minimum": 0, "description": "rate of the first step: where the warmup starts, or the cosine's peak without warmup_target"},
  "decay_steps": {"type": "integer", "exclusiveMinimum": 0, "description": "optimizer steps of the cosine decay (after the warmup)"},
  "alpha": {"type": "number", "default": 0.0, "minimum": 0, "maximum": 1, "description": "final rate as a fraction of the peak, kept after the decay"},
  "warmup_target": {"type": ["number", "null"], "default": null, "minimum": 0, "description": "rate the warmup climbs to, the cosine's peak; null: no warmup"},
  "warmup_steps": {"type": "integer", "default": 0, "minimum": 0, "description": "optimizer steps of the linear warmup (ignored without warmup_target, as in Keras)"}}})json")
