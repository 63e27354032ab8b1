#include <nnplug/base/error.hpp>
#include <nnplug/compute/gemm.hpp>

#include <omp.h>

#include <algorithm>

#ifdef NNPLUG_OPENBLAS
// Declared here rather than through cblas.h, whose location differs between Debian's
// OpenBLAS variants; these are the stable CBLAS ABI.
extern "C" {
void cblas_sgemm(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a, int lda,
                 const float* b, int ldb, float beta, float* c, int ldc);
void openblas_set_num_threads(int threads);
}
#endif

namespace nnplug {
namespace {

// One operand as BLAS sees it: row-major storage, its leading dimension, and whether
// the product uses its transpose.
struct Operand {
  const float* data;
  Eigen::Index ld;
  bool transposed;

  // The operand starting at row `row` (of op(operand)), or at column `column`.
  Operand from_row(Eigen::Index row) const { return {data + (transposed ? row : row * ld), ld, transposed}; }
  Operand from_column(Eigen::Index column) const { return {data + (transposed ? column * ld : column), ld, transposed}; }
};

#ifndef NNPLUG_OPENBLAS
using Strided = Eigen::OuterStride<>;
using ConstView = Eigen::Map<const Matrix, Eigen::Unaligned, Strided>;
using View = Eigen::Map<Matrix, Eigen::Unaligned, Strided>;

ConstView view(const Operand& x, Eigen::Index rows, Eigen::Index cols) {
  // The stored matrix is the transpose of op(x) when x is transposed.
  return x.transposed ? ConstView(x.data, cols, rows, Strided(x.ld)) : ConstView(x.data, rows, cols, Strided(x.ld));
}
#endif

// c (m x n, leading dimension ldc) = op(a) (m x k) * op(b) (k x n), on this thread only.
void gemm_block(Eigen::Index m, Eigen::Index n, Eigen::Index k, const Operand& a, const Operand& b, float* c,
                Eigen::Index ldc) {
#ifdef NNPLUG_OPENBLAS
  constexpr int row_major = 101, no_trans = 111, trans = 112;
  cblas_sgemm(row_major, a.transposed ? trans : no_trans, b.transposed ? trans : no_trans, int(m), int(n), int(k),
              1.0f, a.data, int(a.ld), b.data, int(b.ld), 0.0f, c, int(ldc));
#else
  View out(c, m, n, Strided(ldc));
  const ConstView lhs = view(a, m, k), rhs = view(b, k, n);
  if (a.transposed) {
    out.noalias() = lhs.transpose() * rhs;
  } else if (b.transposed) {
    out.noalias() = lhs * rhs.transpose();
  } else {
    out.noalias() = lhs * rhs;
  }
#endif
}

// Below about half a million flops a product is done before a second thread gets going,
// and a block narrower than 32 wastes most of a SIMD kernel's tile.
int blocks_for(Eigen::Index m, Eigen::Index n, Eigen::Index k) {
  constexpr double min_flops = 1 << 19;
  constexpr Eigen::Index min_width = 32;
  const int threads = omp_in_parallel() ? 1 : omp_get_max_threads();
  if (threads < 2 || 2.0 * double(m) * double(n) * double(k) < min_flops) return 1;
  return int(std::clamp<Eigen::Index>(std::max(m, n) / min_width, 1, threads));
}

void use_single_threaded_kernels() {
#ifdef NNPLUG_OPENBLAS
  // The threads come from the split below; OpenBLAS's own pool would oversubscribe.
  static const bool once = (openblas_set_num_threads(1), true);
  (void)once;
#endif
}

}  // namespace

void gemm(Eigen::Ref<const Matrix> a, Transpose op_a, Eigen::Ref<const Matrix> b, Transpose op_b,
          Eigen::Ref<Matrix> c) {
  const bool ta = op_a == Transpose::yes, tb = op_b == Transpose::yes;
  if (ta && tb) throw Error("gemm: transposing both operands is not supported");
  const Eigen::Index m = ta ? a.cols() : a.rows(), k = ta ? a.rows() : a.cols();
  const Eigen::Index n = tb ? b.rows() : b.cols();
  if ((tb ? b.cols() : b.rows()) != k || c.rows() != m || c.cols() != n)
    throw Error("gemm: shapes do not match (" + std::to_string(m) + "x" + std::to_string(k) + " times " +
                std::to_string(tb ? b.cols() : b.rows()) + "x" + std::to_string(n) + " into " +
                std::to_string(c.rows()) + "x" + std::to_string(c.cols()) + ")");
  if (m == 0 || n == 0) return;
  if (k == 0) {
    c.setZero();
    return;
  }
  use_single_threaded_kernels();
  const Operand lhs{a.data(), a.outerStride(), ta}, rhs{b.data(), b.outerStride(), tb};
  const int blocks = blocks_for(m, n, k);
  const Eigen::Index ldc = c.outerStride();
  if (blocks == 1) return gemm_block(m, n, k, lhs, rhs, c.data(), ldc);
  // Split the longer side of c so every block stays a wide, efficient product.
  const bool split_rows = m >= n;
  const Eigen::Index extent = split_rows ? m : n;
#pragma omp parallel for num_threads(blocks) schedule(static)
  for (int block = 0; block < blocks; ++block) {
    const Eigen::Index begin = extent * block / blocks, end = extent * (block + 1) / blocks;
    if (split_rows) {
      gemm_block(end - begin, n, k, lhs.from_row(begin), rhs, c.data() + begin * ldc, ldc);
    } else {
      gemm_block(m, end - begin, k, lhs, rhs.from_column(begin), c.data() + begin, ldc);
    }
  }
}

}  // namespace nnplug
