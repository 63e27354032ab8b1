// Eigen's own GEMM kernels (the core calls OpenBLAS when built with NNPLUG_OPENBLAS;
// Eigen itself is never configured with EIGEN_USE_BLAS, so this is Eigen's code).
#include <Eigen/Core>

#include "sgemm_kernels.hpp"

namespace nnplug::bench {
namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstView = Eigen::Map<const RowMajor>;
using View = Eigen::Map<RowMajor>;

}  // namespace

// Eigen parallelises large products with OpenMP (the target has -fopenmp); one core is
// what the FMA peak is measured on.
void eigen_single_thread() { Eigen::setNbThreads(1); }

void eigen_sgemm(const Gemm& gemm, const float* a, const float* b, float* c) {
  View out(c, gemm.m, gemm.n);
  const ConstView lhs = gemm.transpose_a ? ConstView(a, gemm.k, gemm.m) : ConstView(a, gemm.m, gemm.k);
  const ConstView rhs = gemm.transpose_b ? ConstView(b, gemm.n, gemm.k) : ConstView(b, gemm.k, gemm.n);
  if (gemm.transpose_a && gemm.transpose_b) {
    out.noalias() = lhs.transpose() * rhs.transpose();
  } else if (gemm.transpose_a) {
    out.noalias() = lhs.transpose() * rhs;
  } else if (gemm.transpose_b) {
    out.noalias() = lhs * rhs.transpose();
  } else {
    out.noalias() = lhs * rhs;
  }
}

}  // namespace nnplug::bench
