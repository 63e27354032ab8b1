// Keras's ExponentialDecay: lr = initial * rate^(step / decay_steps), the exponent
// floored when staircase. step = updates applied so far, so the first batch uses `initial`.
#include <nnplug/sdk/scheduler.hpp>

#include <cmath>

namespace {

class ExponentialDecay final : public nnplug::Scheduler {
 public:
  explicit ExponentialDecay(const nnplug::Params& params)
      : initial_(params.number("initial_learning_rate")),
        decay_steps_(params.integer("decay_steps")),
        decay_rate_(params.number("decay_rate")),
        staircase_(params.boolean("staircase")) {}

  std::optional<double> on_train_begin(double) override { return rate_at(0); }
  std::optional<double> on_batch_begin(std::int64_t iteration, double) override { return rate_at(iteration); }

 private:
  double rate_at(std::int64_t step) const {
    double exponent = static_cast<double>(step) / static_cast<double>(decay_steps_);
    if (staircase_) exponent = std::floor(exponent);
    return initial_ * std::pow(decay_rate_, exponent);
  }

  double initial_;
  std::int64_t decay_steps_;
  double decay_rate_;
  bool staircase_;
};

}  // namespace

NNPLUG_PLUGIN(ExponentialDecay, ::nnplug::Kind::scheduler, "exponential_decay", "ExponentialDecay",
              "initial_learning_rate * decay_rate^(step / decay_steps), per batch",
              R"json({"type": "object", "additionalProperties": false,
  "required": ["initial_learning_rate", "decay_steps", "decay_rate"], "properties": {
  "initial_learning_rate": {"type": "number", "exclusiveMinimum": 0, "description": "learning rate of the first batch"},
  "decay_steps": {"type": "integer", "exclusiveMinimum": 0, "description": "batches over which the rate is multiplied by decay_rate once"},
  "decay_rate": {"type": "number", "exclusiveMinimum": 0, "description": "factor applied every decay_steps batches"},
  "staircase": {"type": "boolean", "default": false, "description": "decay in whole steps (floor the exponent) instead of continuously"}}})json")
