#pragma once
// How many threads the math uses.

namespace nnplug {

// Threads used by the math (Eigen/OpenMP); 1 gives bit-reproducible results for a seed.
void set_threads(int threads);

}  // namespace nnplug
