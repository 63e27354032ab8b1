// The oneDNN backend (NNPLUG_GEMM=onednn): dnnl_sgemm, row-major like the core's matrices.
#include "gemm_kernel.hpp"

#include <nnplug/base/error.hpp>
#include <nnplug/compute/gemm.hpp>

#include <oneapi/dnnl/dnnl.h>
#include <omp.h>

#include <string>

namespace nnplug {

namespace detail {
void gemm_kernel(Eigen::Index m, Eigen::Index n, Eigen::Index k, const GemmOperand& a, const GemmOperand& b, float* c,
                 Eigen::Index ldc) {
  // oneDNN threads a call made outside a parallel region over omp_get_max_threads();
  // gemm.cpp's split owns the threads, so such a call is held to this one.
  const int threads = omp_in_parallel() ? 1 : omp_get_max_threads();
  if (threads > 1) omp_set_num_threads(1);
  const dnnl_status_t status = dnnl_sgemm(a.transposed ? 'T' : 'N', b.transposed ? 'T' : 'N', m, n, k, 1.0f, a.data,
                                          a.ld, b.data, b.ld, 0.0f, c, ldc);
  if (threads > 1) omp_set_num_threads(threads);
  if (status != dnnl_success)
    throw Error("gemm: oneDNN's dnnl_sgemm failed with status " + std::to_string(int(status)) + " on a " +
                std::to_string(m) + "x" + std::to_string(k) + " times " + std::to_string(k) + "x" + std::to_string(n) +
                " product");
}
}  // namespace detail

GemmBackend gemm_backend() {
  const dnnl_version_t* version = dnnl_version();
  return {"oneDNN", std::to_string(version->major) + "." + std::to_string(version->minor) + "." +
                        std::to_string(version->patch)};
}

}  // namespace nnplug
