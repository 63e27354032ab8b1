// @NAME@: an nnplug learning-rate schedule. As scaffolded it decays exponentially,
//   rate(step) = initial_learning_rate * decay_rate ^ (step / decay_steps)
// replace learning_rate() with your own; it must be pure, finite and >= 0.
#include <nnplug/sdk/schedule.hpp>

#include <cmath>

namespace {

class @CLASS@ final : public nnplug::Schedule {
 public:
  explicit @CLASS@(const nnplug::Params& params)
      : initial_(params.number("initial_learning_rate")),
        decay_rate_(params.number("decay_rate")),
        decay_steps_(static_cast<double>(params.integer("decay_steps"))) {}

  double learning_rate(std::int64_t step) const override {
    return initial_ * std::pow(decay_rate_, static_cast<double>(step) / decay_steps_);
  }

 private:
  double initial_, decay_rate_, decay_steps_;
};

}  // namespace

NNPLUG_PLUGIN(@CLASS@, nnplug::Kind::schedule, "@NAME@", "@CLASS@", "0.1.0",
              "@NAME@: exponential decay (scaffolded by nnplug new)", R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "initial_learning_rate": {"type": "number", "exclusiveMinimum": 0, "default": 0.05,
                              "description": "the rate at step 0"},
    "decay_rate": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "default": 0.9,
                   "description": "factor per decay_steps steps"},
    "decay_steps": {"type": "integer", "exclusiveMinimum": 0, "default": 100,
                    "description": "steps over which the rate falls by decay_rate"}
  }
})json")
