// nnplug_bench_kernels: the hardware and library ceilings behind an epoch's time, on one
// core. FMA peak, sgemm at the MLP's shapes (Eigen and OpenBLAS) with the epoch's GEMM
// floor, triad bandwidth against each optimizer plugin's step, plugin loading and the
// cost of calling a plugin. One JSON object per line on stdout; bench/format_kernels.py
// renders them as Markdown (bench/kernels.sh does both).
// Usage: nnplug_bench_kernels [--only fma|sgemm|triad|plugins]
#include "kernels.hpp"

#include <nnplug/registry/registry.hpp>
#include <nnplug/train/training_run.hpp>

#include <chrono>
#include <cstring>
#include <string>

int main(int argc, char** argv) try {
  namespace bench = nnplug::bench;
  using clock = std::chrono::steady_clock;
  const auto seconds_since = [](clock::time_point start) {
    return std::chrono::duration<double>(clock::now() - start).count();
  };
  // Timed before anything else can load a plugin library: the cost a program pays once.
  const auto start = clock::now();
  const nnplug::Registry registry(nnplug::Registry::search_path());
  const double first_load_seconds = seconds_since(start);

  std::string only;
  if (argc == 3 && !std::strcmp(argv[1], "--only")) {
    only = argv[2];
  } else if (argc != 1) {
    std::cerr << "usage: nnplug_bench_kernels [--only fma|sgemm|triad|plugins]\n";
    return 2;
  }
  const auto wanted = [&](const char* section) { return only.empty() || only == section; };

  nnplug::set_threads(1);  // every figure here is one core's
  bench::emit(bench::machine());
  bench::fma_peak("start");
  if (wanted("sgemm")) bench::sgemm();
  if (wanted("triad")) bench::triad_and_optimizers(registry);
  if (wanted("plugins")) bench::training_step(registry, bench::plugins(registry, first_load_seconds));
  bench::fma_peak("end");
  bench::emit(bench::run_summary(seconds_since(start)));
  return 0;
} catch (const std::exception& e) {
  std::cerr << "nnplug_bench_kernels: " << e.what() << "\n";
  return 2;
}
