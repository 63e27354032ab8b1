#include <nnplug/base/error.hpp>
#include <nnplug/compute/gemm.hpp>

#include "gemm_kernel.hpp"

#include <omp.h>

#include <algorithm>

namespace nnplug {
namespace {

using detail::GemmOperand;

// Below about half a million flops a product is done before a second thread gets going,
// and a block narrower than 32 wastes most of a SIMD kernel's tile.
int blocks_for(Eigen::Index m, Eigen::Index n, Eigen::Index k) {
  constexpr double min_flops = 1 << 19;
  constexpr Eigen::Index min_width = 32;
  const int threads = omp_in_parallel() ? 1 : omp_get_max_threads();
  if (threads < 2 || 2.0 * double(m) * double(n) * double(k) < min_flops) return 1;
  return int(std::clamp<Eigen::Index>(std::max(m, n) / min_width, 1, threads));
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
  const GemmOperand lhs{a.data(), a.outerStride(), ta}, rhs{b.data(), b.outerStride(), tb};
  const int blocks = blocks_for(m, n, k);
  const Eigen::Index ldc = c.outerStride();
  if (blocks == 1) return detail::gemm_kernel(m, n, k, lhs, rhs, c.data(), ldc);
  // Split the longer side of c so every block stays a wide, efficient product.
  const bool split_rows = m >= n;
  const Eigen::Index extent = split_rows ? m : n;
#pragma omp parallel for num_threads(blocks) schedule(static)
  for (int block = 0; block < blocks; ++block) {
    const Eigen::Index begin = extent * block / blocks, end = extent * (block + 1) / blocks;
    if (split_rows) {
      detail::gemm_kernel(end - begin, n, k, lhs.from_row(begin), rhs, c.data() + begin * ldc, ldc);
    } else {
      detail::gemm_kernel(m, end - begin, k, lhs, rhs.from_column(begin), c.data() + begin, ldc);
    }
  }
}

}  // namespace nnplug
