#pragma once
// Best-of-N wall-clock timing: the minimum is the figure least disturbed by the rest of
// a shared machine, and each sample runs long enough (>= min_seconds) for the clock.
#include <algorithm>
#include <chrono>

namespace nnplug::bench {

// Seconds per call of `work`, the best of `samples` batches of repeated calls.
template <class Work>
double best_seconds_per_call(Work&& work, int samples = 5, double min_seconds = 0.05) {
  using clock = std::chrono::steady_clock;
  long calls = 1;
  for (;;) {  // find a batch size that runs for min_seconds
    const auto start = clock::now();
    for (long i = 0; i < calls; ++i) work();
    if (std::chrono::duration<double>(clock::now() - start).count() >= min_seconds) break;
    calls *= 2;
  }
  double best = 1e300;
  for (int s = 0; s < samples; ++s) {
    const auto start = clock::now();
    for (long i = 0; i < calls; ++i) work();
    best = std::min(best, std::chrono::duration<double>(clock::now() - start).count() / double(calls));
  }
  return best;
}

}  // namespace nnplug::bench
