#pragma once
// How many threads the math uses.

namespace nnplug {

// The hardware threads this machine runs at once (at least 1).
int machine_threads();

// Threads used by the math (Eigen/OpenMP); 1 gives bit-reproducible results for a seed.
// More than machine_threads() is an error: the extra threads could only time-share cores.
void set_threads(int threads);

}  // namespace nnplug
