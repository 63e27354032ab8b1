#include <nnplug/base/error.hpp>
#include <nnplug/compute/threads.hpp>

#include <Eigen/Core>
#include <omp.h>
#include <sched.h>

#include <algorithm>
#include <string>
#include <thread>

namespace nnplug {

int machine_threads() {
  // The larger of the two: a process pinned to fewer CPUs can still run more threads,
  // only not faster, and a container may report either.
  int count = int(std::thread::hardware_concurrency());
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) count = std::max(count, CPU_COUNT(&allowed));
  return std::max(count, 1);
}

void set_threads(int threads) {
  if (threads < 1) throw Error("threads: must be at least 1, got " + std::to_string(threads));
  const int available = machine_threads();
  if (threads > available)
    throw Error("threads: " + std::to_string(threads) + " requested, but this machine runs " +
                std::to_string(available) + " hardware thread" + (available == 1 ? "" : "s") +
                " at once; ask for at most " + std::to_string(available) +
                " (more threads only slow the math down by sharing cores)");
  omp_set_num_threads(threads);
  Eigen::setNbThreads(threads);
}

}  // namespace nnplug
