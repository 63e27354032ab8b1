#include <nnplug/compute/denormals.hpp>

#include <omp.h>

#if defined(__SSE__)
#include <immintrin.h>
#endif

namespace nnplug {
namespace {

#if defined(__SSE__)
// MXCSR: flush-to-zero (bit 15) and denormals-are-zero (bit 6).
constexpr unsigned long flush_bits = 0x8040;
unsigned long read_mode() { return _mm_getcsr(); }
void write_mode(unsigned long mode) { _mm_setcsr(static_cast<unsigned>(mode)); }
#elif defined(__aarch64__)
// FPCR: flush-to-zero (bit 24) covers inputs and outputs.
constexpr unsigned long flush_bits = 1ul << 24;
unsigned long read_mode() {
  unsigned long mode;
  asm volatile("mrs %0, fpcr" : "=r"(mode));
  return mode;
}
void write_mode(unsigned long mode) { asm volatile("msr fpcr, %0" : : "r"(mode)); }
#else
constexpr unsigned long flush_bits = 0;
unsigned long read_mode() { return 0; }
void write_mode(unsigned long) {}
#endif

// The same mode on this thread and every OpenMP worker (each has its own register).
void write_mode_everywhere(unsigned long mode) {
  write_mode(mode);
  if (omp_in_parallel()) return;
#pragma omp parallel
  write_mode(mode);
}

}  // namespace

ScopedFlushDenormals::ScopedFlushDenormals() : saved_(read_mode()) {
  if ((saved_ & flush_bits) != flush_bits) write_mode_everywhere(saved_ | flush_bits);
}

ScopedFlushDenormals::~ScopedFlushDenormals() {
  if ((saved_ & flush_bits) != flush_bits) write_mode_everywhere(saved_);
}

bool flushing_denormals() { return flush_bits != 0 && (read_mode() & flush_bits) == flush_bits; }

}  // namespace nnplug
