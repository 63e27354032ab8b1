#pragma once
// Element-wise work split across the threads set by set_threads. The chunks do not
// depend on the thread count, so results are bit-identical for any number of threads.
#include <Eigen/Core>
#include <omp.h>

#include <algorithm>
#include <exception>
#include <utility>

namespace nnplug {

// Calls body(begin, end) for consecutive chunks of `grain` indices covering [0, count),
// in parallel when there is more than one chunk. An exception thrown by body stops
// nothing already running but is rethrown here, on the calling thread.
template <class Body>
void parallel_for(Eigen::Index count, Eigen::Index grain, Body&& body) {
  grain = std::max<Eigen::Index>(grain, 1);
  const Eigen::Index chunks = count <= 0 ? 0 : 1 + (count - 1) / grain;  // no overflow for a huge grain
  auto run_chunk = [&](Eigen::Index chunk) { body(chunk * grain, std::min(count, (chunk + 1) * grain)); };
  if (chunks <= 1 || omp_in_parallel() || omp_get_max_threads() == 1) {
    for (Eigen::Index chunk = 0; chunk < chunks; ++chunk) run_chunk(chunk);
    return;
  }
  std::exception_ptr failure;
#pragma omp parallel for schedule(static)
  for (Eigen::Index chunk = 0; chunk < chunks; ++chunk) {
    try {
      run_chunk(chunk);
    } catch (...) {
#pragma omp critical(nnplug_parallel_for_failure)
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

// parallel_for over the rows of a rows x cols matrix, in pieces of about 16k elements:
// large enough to pay for handing a piece to another thread, small enough that a
// batch of 32 Fashion-MNIST images (25k values) already splits in two.
template <class Body>
void parallel_for_rows(Eigen::Index rows, Eigen::Index cols, Body&& body) {
  constexpr Eigen::Index elements_per_piece = 1 << 14;
  parallel_for(rows, elements_per_piece / std::max<Eigen::Index>(cols, 1), std::forward<Body>(body));
}

}  // namespace nnplug
