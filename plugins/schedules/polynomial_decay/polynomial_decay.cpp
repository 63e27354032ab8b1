// Keras's PolynomialDecay: (initial - end) * (1 - step / decay_steps)^power + end, with step
// held at decay_steps afterwards, or, when cycle, decay_steps stretched to the first
// multiple of itself that is >= step (so the rate jumps back up after each multiple).
#include <nnplug/sdk/schedule.hpp>

#include <algorithm>
#include <cmath>

namespace {

class PolynomialDecay final : public nnplug::Schedule {
 public:
  explicit PolynomialDecay(const nnplug::Params& params)
      : initial_(params.number("initial_learning_rate")),
        decay_steps_(params.integer("decay_steps")),
        end_(params.number("end_learning_rate")),
        power_(params.number("power")),
        cycle_(params.boolean("cycle")) {}

  double learning_rate(std::int64_t step) const override {
    const double progress = cycle_ ? static_cast<double>(step) / cycle_span(step)
                                   : static_cast<double>(std::min(step, decay_steps_)) / decay_span();
    return (initial_ - end_) * std::pow(1.0 - progress, power_) + end_;
  }

 private:
  double decay_span() const { return static_cast<double>(decay_steps_); }
  // decay_steps * ceil(step / decay_steps), and decay_steps itself at step 0.
  double cycle_span(std::int64_t step) const {
    const std::int64_t cycles = std::max<std::int64_t>(1, step / decay_steps_ + (step % decay_steps_ != 0));
    return decay_span() * static_cast<double>(cycles);
  }

  double initial_;
  std::int64_t decay_steps_;
  double end_;
  double power_;
  bool cycle_;
};

}  // namespace

NNPLUG_PLUGIN(PolynomialDecay, ::nnplug::Kind::schedule, "polynomial_decay", "PolynomialDecay", "1.0.0",
              "(initial - end) * (1 - step / decay_steps)^power + end (Keras's PolynomialDecay)",
              R"json({"type": "object", "additionalProperties": false,
  "required": ["initial_learning_rate", "decay_steps"],
  "examples": [{"initial_learning_rate": 0.1, "decay_steps": 1000}], "properties": {
  "initial_learning_rate": {"type": "number", "minimum": 0, "description": "rate of the first step (step 0)"},
  "decay_steps": {"type": "integer", "exclusiveMinimum": 0, "description": "optimizer steps to go from initial_learning_rate to end_learning_rate"},
  "end_learning_rate": {"type": "number", "default": 0.0001, "minimum": 0, "description": "rate reached at decay_steps and kept afterwards (unless cycle)"},
  "power": {"type": "number", "default": 1.0, "minimum": 0, "description": "exponent of the polynomial; 1 is a straight line"},
  "cycle": {"type": "boolean", "default": false, "description": "after decay_steps, decay again over the next multiple of decay_steps instead of staying at end_learning_rate"}}})json")
