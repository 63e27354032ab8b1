#pragma once
// Subnormal floats flushed to zero while training, as TensorFlow runs Keras's steps
// (its executor sets FTZ/DAZ on every thread). Without it, optimizer moments that decay
// geometrically (Adam's m shrinks by beta_1 every step a weight sees no gradient, as
// the always-blank border pixels of an image give) become subnormal, and every
// arithmetic operation on one costs about a hundred cycles.

namespace nnplug {

// Flush-to-zero and denormals-are-zero on the calling thread and on each OpenMP worker
// while it lives; the previous modes come back when it ends. Nests.
class ScopedFlushDenormals {
 public:
  ScopedFlushDenormals();
  ~ScopedFlushDenormals();
  ScopedFlushDenormals(const ScopedFlushDenormals&) = delete;
  ScopedFlushDenormals& operator=(const ScopedFlushDenormals&) = delete;

 private:
  unsigned long saved_;  // the calling thread's mode before; workers' are restored to it
};

// Whether the calling thread flushes subnormal floats to zero now.
bool flushing_denormals();

}  // namespace nnplug
