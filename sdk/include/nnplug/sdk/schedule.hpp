#pragma once
// A per-step learning-rate schedule, Keras's LearningRateSchedule: a pure function of the
// optimizer's step, usable as an optimizer's `learning_rate`
// ("learning_rate": {"name": "cosine_decay", "initial_learning_rate": 0.1, ...}).
// Epoch- or metric-driven rate changes (LearningRateScheduler, ReduceLROnPlateau) are
// callbacks (callback.hpp); a run that combines the two is refused before training.
//
// Contract
//   Host guarantees: learning_rate(step) is called once per training step with
//   step = the updates applied so far (0 for the very first batch, Keras's
//   optimizer.iterations before the update), and its value is that step's rate (then
//   Keras 2's `decay` applies on top).
//   Plugin guarantees: learning_rate() is pure (same step, same value; no member writes),
//   finite and >= 0 for every step >= 0.
#include <nnplug/sdk/plugin.hpp>

#include <cstdint>

namespace nnplug {

class NNPLUG_SDK_API Schedule : public Plugin {
 public:
  virtual double learning_rate(std::int64_t step) const = 0;
};

}  // namespace nnplug
