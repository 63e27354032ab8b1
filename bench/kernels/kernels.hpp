#pragma once
// What the kernel benchmarks share: one JSON object per measurement on stdout, one timing
// policy, and the Fashion-MNIST MLP's shapes that every figure is sized by.
#include "../best_time.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <iostream>
#include <utility>

namespace nnplug {
class Registry;
}

namespace nnplug::bench {

using Json = nlohmann::json;  // the same type as nnplug::Json, without the SDK's headers

inline void emit(const Json& line) { std::cout << line.dump() << '\n' << std::flush; }

// Results of benchmarked calls are never read; this makes the compiler assume memory
// written before it is observed, so repeated identical calls cannot be merged or dropped.
inline void clobber_memory() { asm volatile("" ::: "memory"); }

// Many short samples: on a shared machine the scheduler takes the core away for
// milliseconds at a time, and the best of 25 samples of >= 2 ms is likely to include an
// undisturbed one. Kernels slower than 2 ms per call get one call per sample.
template <class Work>
double seconds_per_call(Work&& work) {
  return best_seconds_per_call(std::forward<Work>(work), 25, 0.002);
}

struct DenseShape {
  int inputs;
  int units;
};
inline constexpr std::array<DenseShape, 3> mlp_layers{{{784, 256}, {256, 128}, {128, 10}}};
inline constexpr std::array<int, 3> batch_sizes{32, 64, 256};
inline constexpr int epoch_samples = 60000;

constexpr std::size_t mlp_parameter_count() {
  std::size_t count = 0;
  for (const auto& layer : mlp_layers) count += std::size_t(layer.inputs + 1) * std::size_t(layer.units);
  return count;
}
static_assert(mlp_parameter_count() == 235146);

// What the run was measured on, and how much of a core it got (run_info.cpp).
Json machine();
Json run_summary(double wall_seconds);

// The sections, in the order main runs them. Each emits its own lines.
// fma_peak runs first and last: a peak taken while something else had the core would
// make every "% of peak" wrong, and two moments are less likely both disturbed.
void fma_peak(const char* when);
void sgemm();
void triad_and_optimizers(const Registry& registry);
// first_load_seconds: the process's first Registry construction, timed by main before
// anything else could load a plugin library. Returns the cost of one plugin call (s).
double plugins(const Registry& registry, double first_load_seconds);
void training_step(const Registry& registry, double dispatch_seconds_per_call);

}  // namespace nnplug::bench
