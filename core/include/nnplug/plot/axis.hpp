#pragma once
// A plot axis: its range widened to round numbers, and where its labelled ticks go.
#include <string>
#include <vector>

namespace nnplug {

struct Axis {
  double low = 0.0, high = 1.0;  // the range drawn (for a log axis, the values, not their logs)
  bool log = false;
  std::vector<double> ticks;
  std::vector<std::string> labels;  // one per tick

  // Where `value` falls between low (0) and high (1).
  double fraction(double value) const;
};

// About `target` ticks at 1, 2 or 5 times a power of ten; a single value gets a range around it.
Axis linear_axis(double low, double high, int target = 5);
// The same with whole numbers only (epochs).
Axis integer_axis(double low, double high, int target = 6);
// Whole decades around the values (all must be > 0), with 2x and 5x ticks when few decades show.
Axis log_axis(double low, double high);

}  // namespace nnplug
