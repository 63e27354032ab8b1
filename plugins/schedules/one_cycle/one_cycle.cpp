// PyTorch's OneCycleLR counted in optimizer steps: from max_learning_rate / div_factor up to
// max_learning_rate over the first pct_start of total_steps, then down to
// initial / final_div_factor (with three_phase: back to the initial rate first, then down).
#include "../annealing.hpp"

#include <nnplug/sdk/schedule.hpp>

#include <algorithm>
#include <vector>

namespace {

class OneCycle final : public nnplug::Schedule {
 public:
  explicit OneCycle(const nnplug::Params& params)
      : total_steps_(params.integer("total_steps")), cosine_(params.text("anneal_strategy") == "cos") {
    const double peak = params.number("max_learning_rate");
    const double initial = peak / params.number("div_factor");
    const double minimum = initial / params.number("final_div_factor");
    const double pct_start = params.number("pct_start");
    const double total = static_cast<double>(total_steps_);
    // PyTorch's phase ends, to the last rounding: the first may fall between two steps.
    const double warmup_end = pct_start * total - 1.0;
    if (warmup_end == 0.0)
      throw nnplug::ParamError(params.owner(), "pct_start",
                               "times total_steps must not be 1: the warmup would last no step (PyTorch divides by "
                               "zero)");
    if (params.boolean("three_phase"))
      phases_ = {{warmup_end, initial, peak},
                 {2.0 * pct_start * total - 2.0, peak, initial},
                 {total - 1.0, initial, minimum}};
    else
      phases_ = {{warmup_end, initial, peak}, {total - 1.0, peak, minimum}};
  }

  double learning_rate(std::int64_t step) const override {
    // PyTorch refuses to go past total_steps; the final rate is kept instead.
    const double s = static_cast<double>(std::min(step, total_steps_ - 1));
    double phase_start = 0.0;
    for (const Phase& phase : phases_) {
      if (s <= phase.end || &phase == &phases_.back()) {
        const double fraction = (s - phase_start) / (phase.end - phase_start);
        return cosine_ ? nnplug::schedules::cosine_annealing(phase.from, phase.to, fraction)
                       : nnplug::schedules::linear_annealing(phase.from, phase.to, fraction);
      }
      phase_start = phase.end;
    }
    return phases_.back().to;  // not reached: the last phase takes every step
  }

 private:
  struct Phase {
    double end;  // last step of the phase (PyTorch's end_step)
    double from;
    double to;
  };

  std::int64_t total_steps_;
  bool cosine_;
  std::vector<Phase> phases_;
};

}  // namespace

NNPLUG_PLUGIN(OneCycle, ::nnplug::Kind::schedule, "one_cycle", "OneCycleLR", "1.0.0",
              "up to max_learning_rate, then far below the start (PyTorch's OneCycleLR, per optimizer step)",
              R"json({"type": "object", "additionalProperties": false,
  "description": "PyTorch's OneCycleLR with scheduler.step() after every optimizer step, as PyTorch requires: step k trains with the rate get_last_lr() gives after k steps; the rate only (PyTorch's cycle_momentum is not part of a schedule); after total_steps - 1 the last rate is kept, where PyTorch raises",
  "required": ["max_learning_rate", "total_steps"],
  "examples": [{"max_learning_rate": 0.01, "total_steps": 1000}], "properties": {
  "max_learning_rate": {"type": "number", "minimum": 0, "description": "peak rate, reached after pct_start of total_steps (PyTorch's max_lr)"},
  "total_steps": {"type": "integer", "exclusiveMinimum": 0, "description": "optimizer steps of the cycle (PyTorch's total_steps, or epochs * steps_per_epoch); later steps keep the final rate, where PyTorch raises an error"},
  "pct_start": {"type": "number", "default": 0.3, "minimum": 0, "maximum": 1, "description": "fraction of total_steps spent rising to the peak"},
  "anneal_strategy": {"type": "string", "default": "cos", "enum": ["cos", "linear"], "description": "shape of every phase: half a cosine or a straight line"},
  "div_factor": {"type": "number", "default": 25.0, "exclusiveMinimum": 0, "description": "the first rate is max_learning_rate / div_factor"},
  "final_div_factor": {"type": "number", "default": 10000.0, "exclusiveMinimum": 0, "description": "the last rate is the first rate / final_div_factor"},
  "three_phase": {"type": "boolean", "default": false, "description": "fall back to the first rate as fast as it rose before annealing to the last rate (fast.ai's schedule when false)"}}})json")
