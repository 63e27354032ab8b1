#include <nnplug/base/error.hpp>
#include <nnplug/compute/threads.hpp>

#include <Eigen/Core>
#include <omp.h>

#include <string>

namespace nnplug {

void set_threads(int threads) {
  if (threads < 1) throw Error("threads: must be at least 1, got " + std::to_string(threads));
  omp_set_num_threads(threads);
  Eigen::setNbThreads(threads);
}

}  // namespace nnplug
