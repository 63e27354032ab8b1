#pragma once
// The sgemm implementations under test, behind one signature.

namespace nnplug::bench {

// C (m x n) = op(A) (m x k) * op(B) (k x n); all row-major and contiguous, so A is
// stored k x m when transposed, B n x k.
struct Gemm {
  int m, n, k;
  bool transpose_a, transpose_b;
};

void eigen_single_thread();
void eigen_sgemm(const Gemm& gemm, const float* a, const float* b, float* c);

// The core's nnplug::gemm (what Dense calls) on two threads: its output split in two
// blocks, each a single-threaded kernel.
void nnplug_sgemm_two_threads(const Gemm& gemm, const float* a, const float* b, float* c);

#ifdef NNPLUG_BENCH_OPENBLAS
void openblas_single_thread();
void openblas_sgemm(const Gemm& gemm, const float* a, const float* b, float* c);
#endif

#ifdef NNPLUG_BENCH_ONEDNN
void onednn_single_thread();
void onednn_sgemm(const Gemm& gemm, const float* a, const float* b, float* c);
#endif

}  // namespace nnplug::bench
