// PyTorch's StepLR counted in optimizer steps: initial_learning_rate * gamma^floor(step /
// step_size), the rate multiplied by gamma every step_size steps.
#include "../decay_periods.hpp"

#include <nnplug/sdk/schedule.hpp>

#include <cmath>

namespace {

class StepDecay final : public nnplug::Schedule {
 public:
  explicit StepDecay(const nnplug::Params& params)
      : initial_(params.number("initial_learning_rate")),
        step_size_(params.integer("step_size")),
        gamma_(params.number("gamma")) {}

  double learning_rate(std::int64_t step) const override {
    return initial_ * std::pow(gamma_, nnplug::schedules::decay_periods(step, step_size_, /*staircase=*/true));
  }

 private:
  double initial_;
  std::int64_t step_size_;
  double gamma_;
};

}  // namespace

NNPLUG_PLUGIN(StepDecay, ::nnplug::Kind::schedule, "step_decay", "StepLR", "1.0.0",
              "initial_learning_rate * gamma^floor(step / step_size) (PyTorch's StepLR, per optimizer step)",
              R"json({"type": "object", "additionalProperties": false,
  "description": "PyTorch's StepLR with scheduler.step() after every optimizer step (PyTorch's examples step it per epoch): step k trains with initial_learning_rate * gamma^(k // step_size), k = 0 on the first batch",
  "required": ["initial_learning_rate", "step_size"],
  "examples": [{"initial_learning_rate": 0.1, "step_size": 1000}], "properties": {
  "initial_learning_rate": {"type": "number", "minimum": 0, "description": "rate of the first step (PyTorch's lr)"},
  "step_size": {"type": "integer", "exclusiveMinimum": 0, "description": "optimizer steps (batches, not epochs as usual in PyTorch) between two multiplications by gamma"},
  "gamma": {"type": "number", "default": 0.1, "minimum": 0, "maximum": 1, "description": "factor applied every step_size steps (at most 1: a growing rate would overflow at large steps)"}}})json")
