#include "sgemm_kernels.hpp"

#include <nnplug/compute/gemm.hpp>

#include <omp.h>

namespace nnplug::bench {

void nnplug_sgemm_two_threads(const Gemm& gemm, const float* a, const float* b, float* c) {
  using ConstView = Eigen::Map<const Matrix>;
  const ConstView lhs = gemm.transpose_a ? ConstView(a, gemm.k, gemm.m) : ConstView(a, gemm.m, gemm.k);
  const ConstView rhs = gemm.transpose_b ? ConstView(b, gemm.n, gemm.k) : ConstView(b, gemm.k, gemm.n);
  // Only this call runs on two threads; every other column of the table stays on one.
  omp_set_num_threads(2);
  nnplug::gemm(lhs, gemm.transpose_a ? Transpose::yes : Transpose::no, rhs,
               gemm.transpose_b ? Transpose::yes : Transpose::no, Eigen::Map<Matrix>(c, gemm.m, gemm.n));
  omp_set_num_threads(1);
}

}  // namespace nnplug::bench
