// oneDNN's sgemm (dnnl_sgemm, row-major). Its first call JIT-compiles the kernels; the
// timing loop's warm-up leaves that out, the core's start-up pays it once.
#include "sgemm_kernels.hpp"

#include <oneapi/dnnl/dnnl.h>
#include <omp.h>

namespace nnplug::bench {

// oneDNN (OpenMP build) threads over omp_get_max_threads(), which main() already set to 1.
void onednn_single_thread() { omp_set_num_threads(1); }

void onednn_sgemm(const Gemm& gemm, const float* a, const float* b, float* c) {
  const int lda = gemm.transpose_a ? gemm.m : gemm.k;
  const int ldb = gemm.transpose_b ? gemm.k : gemm.n;
  dnnl_sgemm(gemm.transpose_a ? 'T' : 'N', gemm.transpose_b ? 'T' : 'N', gemm.m, gemm.n, gemm.k, 1.0f, a, lda, b, ldb,
             0.0f, c, gemm.n);
}

}  // namespace nnplug::bench
