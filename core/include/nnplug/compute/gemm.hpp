#pragma once
// The dense layer's three products (forward, weight gradient, input gradient) with the
// output split across the threads set by set_threads: each thread computes one block of
// rows or columns with a single-threaded kernel. On this model's thin shapes that scales
// better than the BLAS's own threading (docs/performance.md). The split depends only on
// the shape and the thread count, so a thread count always gives the same bits; other
// thread counts differ in the last bits (BLAS edge kernels sum in another order).
// The kernel library is chosen at configure time (NNPLUG_GEMM: onednn, openblas, eigen).
#include <nnplug/sdk/tensor.hpp>

#include <string>

namespace nnplug {

enum class Transpose { no, yes };

// c = op(a) * op(b); c must already have the product's shape. Only the operand
// combinations a layer needs: (no, no), (yes, no), (no, yes). Any row-major storage
// with unit column stride binds without a copy (a Matrix, a Map, a block of rows).
void gemm(Eigen::Ref<const Matrix> a, Transpose op_a, Eigen::Ref<const Matrix> b, Transpose op_b,
          Eigen::Ref<Matrix> c);

// The library behind gemm, for `nnplug --version` and the benchmark's header.
struct GemmBackend {
  std::string name;     // "oneDNN", "OpenBLAS", "Eigen"
  std::string version;  // as the library reports it at run time
};
GemmBackend gemm_backend();

}  // namespace nnplug
