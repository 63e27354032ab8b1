// The context a reader needs to trust the figures: the CPU, the GEMM library the core was
// built with, and whether other processes competed for the core during the run (the benchmark
// never sleeps, so CPU time well below wall time means it was waiting for the CPU).
#include "kernels.hpp"

#include <nnplug/compute/gemm.hpp>

#include <sys/resource.h>

#include <fstream>
#include <string>
#include <thread>

namespace nnplug::bench {
namespace {

std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown";
}

double load_average() {
  std::ifstream loadavg("/proc/loadavg");
  double one_minute = -1.0;
  loadavg >> one_minute;
  return one_minute;
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return double(t.tv_sec) + 1e-6 * double(t.tv_usec); };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

Json machine() {
  const GemmBackend backend = gemm_backend();
  return {{"section", "machine"}, {"cpu", cpu_model()}, {"hardware_threads", std::thread::hardware_concurrency()},
          {"gemm_backend", backend.name}, {"gemm_version", backend.version}, {"threads", 1},
          {"load_average_at_start", load_average()}};
}

Json run_summary(double wall_seconds) {
  return {{"section", "run"}, {"wall_seconds", wall_seconds}, {"cpu_seconds", cpu_seconds()},
          {"load_average_at_end", load_average()}};
}

}  // namespace nnplug::bench
