// OpenBLAS's sgemm through the CBLAS ABI. Declared here rather than through cblas.h,
// whose location differs between Debian's OpenBLAS variants.
#include "sgemm_kernels.hpp"

extern "C" {
void cblas_sgemm(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a, int lda,
                 const float* b, int ldb, float beta, float* c, int ldc);
void openblas_set_num_threads(int threads);
}

namespace nnplug::bench {
namespace {
constexpr int row_major = 101, no_trans = 111, trans = 112;
}

void openblas_single_thread() { openblas_set_num_threads(1); }

void openblas_sgemm(const Gemm& gemm, const float* a, const float* b, float* c) {
  // Leading dimensions are those of the stored (row-major) operands.
  const int lda = gemm.transpose_a ? gemm.m : gemm.k;
  const int ldb = gemm.transpose_b ? gemm.k : gemm.n;
  cblas_sgemm(row_major, gemm.transpose_a ? trans : no_trans, gemm.transpose_b ? trans : no_trans, gemm.m, gemm.n,
              gemm.k, 1.0f, a, lda, b, ldb, 0.0f, c, gemm.n);
}

}  // namespace nnplug::bench
