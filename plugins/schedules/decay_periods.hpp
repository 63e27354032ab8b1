#pragma once
// How many decay periods a step has passed: step / decay_steps, whole periods only for a
// staircase. Shared by the schedules that decay per period (exponential, inverse time, step).
#include <cstdint>

namespace nnplug::schedules {

inline double decay_periods(std::int64_t step, std::int64_t decay_steps, bool staircase) {
  // Integer division is Keras's floor(step / decay_steps) without a rounding doubt.
  if (staircase) return static_cast<double>(step / decay_steps);
  return static_cast<double>(step) / static_cast<double>(decay_steps);
}

}  // namespace nnplug::schedules
