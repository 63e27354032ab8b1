// Keras's CosineDecayRestarts (SGDR): half a cosine from a peak to alpha *
// initial_learning_rate over first_decay_steps, then a restart: each period t_mul times as
// long as the one before, its peak m_mul times as far above the floor.
#include "../annealing.hpp"

#include <nnplug/sdk/schedule.hpp>

#include <cmath>

namespace {

class CosineDecayRestarts final : public nnplug::Schedule {
 public:
  explicit CosineDecayRestarts(const nnplug::Params& params)
      : initial_(params.number("initial_learning_rate")),
        first_decay_steps_(params.integer("first_decay_steps")),
        t_mul_(params.number("t_mul")),
        m_mul_(params.number("m_mul")),
        alpha_(params.number("alpha")) {}

  double learning_rate(std::int64_t step) const override {
    const auto [restarts, fraction] = period_of(step);
    const double floor_rate = alpha_ * initial_;
    const double peak = floor_rate + (initial_ - floor_rate) * std::pow(m_mul_, restarts);
    return nnplug::schedules::cosine_annealing(peak, floor_rate, fraction);
  }

 private:
  struct Period {
    double restarts;  // restarts before the step's period
    double fraction;  // how far into its period the step is, in [0, 1)
  };

  Period period_of(std::int64_t step) const {
    if (t_mul_ == 1.0)
      return {static_cast<double>(step / first_decay_steps_),
              static_cast<double>(step % first_decay_steps_) / static_cast<double>(first_decay_steps_)};
    const double elapsed = static_cast<double>(step) / static_cast<double>(first_decay_steps_);
    // Keras's closed form; its logarithm can round to the wrong side of a restart (t_mul 1.5,
    // first_decay_steps 16, step 211 is a restart), so settle on the exact period starts.
    double restarts = std::floor(std::log1p(elapsed * (t_mul_ - 1.0)) / std::log(t_mul_));
    while (start_of(restarts + 1.0) <= elapsed) restarts += 1.0;
    while (restarts > 0.0 && start_of(restarts) > elapsed) restarts -= 1.0;
    return {restarts, (elapsed - start_of(restarts)) / std::pow(t_mul_, restarts)};
  }

  // Where period n starts, in first periods: 1 + t_mul + ... + t_mul^(n-1).
  double start_of(double n) const { return (std::pow(t_mul_, n) - 1.0) / (t_mul_ - 1.0); }

  double initial_;
  std::int64_t first_decay_steps_;
  double t_mul_;
  double m_mul_;
  double alpha_;
};

}  // namespace

NNPLUG_PLUGIN(CosineDecayRestarts, ::nnplug::Kind::schedule, "cosine_decay_restarts", "CosineDecayRestarts", "1.0.0",
              "cosine decay with warm restarts, SGDR (Keras's CosineDecayRestarts)",
              R"json({"type": "object", "additionalProperties": false,
  "required": ["initial_learning_rate", "first_decay_steps"],
  "examples": [{"initial_learning_rate": 0.1, "first_decay_steps": 1000}], "properties": {
  "initial_learning_rate": {"type": "number", "minimum": 0, "description": "rate of the first step, the first period's peak"},
  "first_decay_steps": {"type": "integer", "exclusiveMinimum": 0, "description": "optimizer steps of the first period"},
  "t_mul": {"type": "number", "default": 2.0, "minimum": 1, "description": "each period is t_mul times as long as the one before (at least 1: shorter periods would end the schedule)"},
  "m_mul": {"type": "number", "default": 1.0, "minimum": 0, "maximum": 1, "description": "each period's peak is m_mul times the one before, measured above the floor (at most 1: growing peaks would overflow)"},
  "alpha": {"type": "number", "default": 0.0, "minimum": 0, "maximum": 1, "description": "floor of the rate as a fraction of initial_learning_rate (not scaled by m_mul)"}}})json")
