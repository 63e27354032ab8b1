// The Eigen backend (NNPLUG_GEMM=eigen): header-only, no library to install.
#include "gemm_kernel.hpp"

#include <nnplug/compute/gemm.hpp>
#include <nnplug/sdk/tensor.hpp>

#include <string>

namespace nnplug {

namespace detail {
namespace {
using Strided = Eigen::OuterStride<>;
using ConstView = Eigen::Map<const Matrix, Eigen::Unaligned, Strided>;
using View = Eigen::Map<Matrix, Eigen::Unaligned, Strided>;

ConstView view(const GemmOperand& x, Eigen::Index rows, Eigen::Index cols) {
  // The stored matrix is the transpose of op(x) when x is transposed.
  return x.transposed ? ConstView(x.data, cols, rows, Strided(x.ld)) : ConstView(x.data, rows, cols, Strided(x.ld));
}
}  // namespace

void gemm_kernel(Eigen::Index m, Eigen::Index n, Eigen::Index k, const GemmOperand& a, const GemmOperand& b, float* c,
                 Eigen::Index ldc) {
  View out(c, m, n, Strided(ldc));
  const ConstView lhs = view(a, m, k), rhs = view(b, k, n);
  if (a.transposed) {
    out.noalias() = lhs.transpose() * rhs;
  } else if (b.transposed) {
    out.noalias() = lhs * rhs.transpose();
  } else {
    out.noalias() = lhs * rhs;
  }
}
}  // namespace detail

GemmBackend gemm_backend() {
  return {"Eigen", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
                       std::to_string(EIGEN_MINOR_VERSION)};
}

}  // namespace nnplug
