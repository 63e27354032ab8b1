// Keras's InverseTimeDecay: initial_learning_rate / (1 + decay_rate * step / decay_steps),
// with step / decay_steps floored when staircase.
#include "../decay_periods.hpp"

#include <nnplug/sdk/schedule.hpp>

namespace {

class InverseTimeDecay final : public nnplug::Schedule {
 public:
  explicit InverseTimeDecay(const nnplug::Params& params)
      : initial_(params.number("initial_learning_rate")),
        decay_steps_(params.integer("decay_steps")),
        decay_rate_(params.number("decay_rate")),
        staircase_(params.boolean("staircase")) {}

  double learning_rate(std::int64_t step) const override {
    return initial_ / (1.0 + decay_rate_ * nnplug::schedules::decay_periods(step, decay_steps_, staircase_));
  }

 private:
  double initial_;
  std::int64_t decay_steps_;
  double decay_rate_;
  bool staircase_;
};

}  // namespace

NNPLUG_PLUGIN(InverseTimeDecay, ::nnplug::Kind::schedule, "inverse_time_decay", "InverseTimeDecay", "1.0.0",
              "initial_learning_rate / (1 + decay_rate * step / decay_steps) (Keras's InverseTimeDecay)",
              R"json({"type": "object", "additionalProperties": false,
  "required": ["initial_learning_rate", "decay_steps", "decay_rate"],
  "examples": [{"initial_learning_rate": 0.1, "decay_steps": 1000, "decay_rate": 0.5}], "properties": {
  "initial_learning_rate": {"type": "number", "minimum": 0, "description": "rate of the first step (step 0)"},
  "decay_steps": {"type": "integer", "exclusiveMinimum": 0, "description": "optimizer steps per unit of decay"},
  "decay_rate": {"type": "number", "minimum": 0, "description": "how much 1 / rate grows per decay_steps steps"},
  "staircase": {"type": "boolean", "default": false, "description": "decay in whole periods (floor step / decay_steps) instead of continuously"}}})json")
