#include <nnplug/plot/axis.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nnplug {

namespace {

double nice_step(double range, int target) {
  const double rough = range / double(std::max(1, target));
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  for (const double multiple : {1.0, 2.0, 5.0})
    if (rough <= multiple * power * 1.0000001) return multiple * power;
  return 10.0 * power;
}

std::string label(double value, double step) {
  char buffer[32];
  if (value == 0.0 || (std::abs(value) >= 1e-4 && std::abs(value) < 1e6)) {
    const int decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::abs(value) < step * 1e-6 ? 0.0 : value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%g", value);
  }
  return buffer;
}

Axis stepped_axis(double low, double high, double step) {
  Axis axis;
  axis.low = std::floor(low / step + 1e-9) * step;
  axis.high = std::ceil(high / step - 1e-9) * step;
  for (double tick = axis.low; tick <= axis.high + step * 1e-6; tick += step) {
    axis.ticks.push_back(tick);
    axis.labels.push_back(label(tick, step));
  }
  return axis;
}

}  // namespace

double Axis::fraction(double value) const {
  if (log) return (std::log10(value) - std::log10(low)) / (std::log10(high) - std::log10(low));
  return (value - low) / (high - low);
}

Axis linear_axis(double low, double high, int target) {
  if (high <= low) {
    const double pad = low == 0.0 ? 1.0 : std::abs(low) * 0.1;
    low -= pad, high += pad;
  }
  return stepped_axis(low, high, nice_step(high - low, target));
}

Axis integer_axis(double low, double high, int target) {
  if (high <= low) low -= 1.0, high += 1.0;
  return stepped_axis(low, high, std::max(1.0, nice_step(high - low, target)));
}

Axis log_axis(double low, double high) {
  Axis axis;
  axis.log = true;
  int first = int(std::floor(std::log10(low) + 1e-9)), last = int(std::ceil(std::log10(high) - 1e-9));
  if (first == last) --first, ++last;
  axis.low = std::pow(10.0, first);
  axis.high = std::pow(10.0, last);
  const int every = std::max(1, (last - first + 5) / 6);
  const bool minor = last - first <= 2;
  for (int decade = first; decade <= last; ++decade)
    for (const double multiple : {1.0, 2.0, 5.0}) {
      if ((multiple != 1.0 && (!minor || decade == last)) || (multiple == 1.0 && (decade - first) % every != 0))
        continue;
      const double tick = multiple * std::pow(10.0, decade);
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%g", tick);
      axis.ticks.push_back(tick);
      axis.labels.emplace_back(buffer);
    }
  return axis;
}

}  // namespace nnplug
