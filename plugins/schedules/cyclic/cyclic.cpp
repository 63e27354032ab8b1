// PyTorch's CyclicLR counted in optimizer steps: a triangle wave between base_learning_rate
// and max_learning_rate rising for step_size_up steps and falling for step_size_down,
// its height halved each cycle (triangular2) or shrunk by gamma^step (exp_range).
#include "../annealing.hpp"

#include <nnplug/sdk/schedule.hpp>

#include <cmath>
#include <string>

namespace {

enum class Mode { triangular, triangular2, exp_range };

Mode mode_named(const std::string& name) {
  if (name == "triangular2") return Mode::triangular2;
  if (name == "exp_range") return Mode::exp_range;
  return Mode::triangular;
}

class Cyclic final : public nnplug::Schedule {
 public:
  explicit Cyclic(const nnplug::Params& params)
      : base_(params.number("base_learning_rate")),
        max_(params.number("max_learning_rate")),
        up_(params.integer("step_size_up")),
        down_(params.has("step_size_down") ? params.integer("step_size_down") : up_),
        mode_(mode_named(params.text("mode"))),
        gamma_(params.number("gamma")) {}

  double learning_rate(std::int64_t step) const override {
    const std::int64_t cycle = step / (up_ + down_) + 1;
    const std::int64_t within = step % (up_ + down_);
    const double height = within <= up_ ? static_cast<double>(within) / static_cast<double>(up_)
                                        : static_cast<double>(up_ + down_ - within) / static_cast<double>(down_);
    return nnplug::schedules::linear_annealing(base_, max_, height * amplitude(cycle, step));
  }

 private:
  double amplitude(std::int64_t cycle, std::int64_t step) const {
    switch (mode_) {
      case Mode::triangular: return 1.0;
      case Mode::triangular2: return std::pow(0.5, static_cast<double>(cycle - 1));
      case Mode::exp_range: return std::pow(gamma_, static_cast<double>(step));
    }
    return 1.0;
  }

  double base_;
  double max_;
  std::int64_t up_;
  std::int64_t down_;
  Mode mode_;
  double gamma_;
};

}  // namespace

NNPLUG_PLUGIN(Cyclic, ::nnplug::Kind::schedule, "cyclic", "CyclicLR", "1.0.0",
              "triangle wave between two rates (PyTorch's CyclicLR, per optimizer step)",
              R"json({"type": "object", "additionalProperties": false,
  "description": "PyTorch's CyclicLR with scheduler.step() after every optimizer step, as PyTorch requires: step k trains with the rate get_last_lr() gives after k steps; the rate only (PyTorch's cycle_momentum is not part of a schedule)",
  "required": ["base_learning_rate", "max_learning_rate"],
  "examples": [{"base_learning_rate": 0.001, "max_learning_rate": 0.01}], "properties": {
  "base_learning_rate": {"type": "number", "minimum": 0, "description": "bottom of the wave, the rate of the first step (PyTorch's base_lr)"},
  "max_learning_rate": {"type": "number", "minimum": 0, "description": "top of the first cycle's wave (PyTorch's max_lr)"},
  "step_size_up": {"type": "integer", "default": 2000, "minimum": 1, "description": "optimizer steps from the bottom to the top (PyTorch counts scheduler steps, usually batches)"},
  "step_size_down": {"type": ["integer", "null"], "default": null, "minimum": 0, "description": "optimizer steps from the top back down; null: step_size_up"},
  "mode": {"type": "string", "default": "triangular", "enum": ["triangular", "triangular2", "exp_range"], "description": "triangular: same height every cycle; triangular2: height halved each cycle; exp_range: height times gamma^step"},
  "gamma": {"type": "number", "default": 1.0, "minimum": 0, "maximum": 1, "description": "exp_range's shrink factor per optimizer step (unused by the other modes)"}}})json")
