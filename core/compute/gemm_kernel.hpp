#pragma once
// What a GEMM backend (one gemm_<library>.cpp, chosen at configure time by NNPLUG_GEMM)
// provides to gemm.cpp, which checks the shapes and splits the work across threads.
#include <Eigen/Core>

namespace nnplug::detail {

// One operand as BLAS sees it: row-major storage, its leading dimension, and whether
// the product uses its transpose.
struct GemmOperand {
  const float* data;
  Eigen::Index ld;
  bool transposed;

  // The operand starting at row `row` (of op(operand)), or at column `column`.
  GemmOperand from_row(Eigen::Index row) const { return {data + (transposed ? row : row * ld), ld, transposed}; }
  GemmOperand from_column(Eigen::Index column) const {
    return {data + (transposed ? column * ld : column), ld, transposed};
  }
};

// c (m x n, leading dimension ldc) = op(a) (m x k) * op(b) (k x n), on the calling
// thread only: gemm.cpp owns the threading, so a library's own pool never competes.
void gemm_kernel(Eigen::Index m, Eigen::Index n, Eigen::Index k, const GemmOperand& a, const GemmOperand& b, float* c,
                 Eigen::Index ldc);

}  // namespace nnplug::detail
