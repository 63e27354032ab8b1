#pragma once
// The two curves the cosine and cyclical schedules move along, from one rate to another as
// `fraction` goes from 0 to 1 (PyTorch's _annealing_cos and _annealing_linear; Keras's
// cosine decay is the first with to = alpha * from).
#include <cmath>
#include <numbers>

namespace nnplug::schedules {

inline double cosine_annealing(double from, double to, double fraction) {
  return to + (from - to) * 0.5 * (1.0 + std::cos(std::numbers::pi * fraction));
}

inline double linear_annealing(double from, double to, double fraction) { return from + (to - from) * fraction; }

}  // namespace nnplug::schedules
