// The OpenBLAS backend (NNPLUG_GEMM=openblas).
#include "gemm_kernel.hpp"

#include <nnplug/compute/gemm.hpp>

#include <sstream>

// Declared here rather than through cblas.h, whose location differs between Debian's
// OpenBLAS variants; these are the stable CBLAS ABI.
extern "C" {
void cblas_sgemm(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a, int lda,
                 const float* b, int ldb, float beta, float* c, int ldc);
void openblas_set_num_threads(int threads);
char* openblas_get_config();
char* openblas_get_corename();
}

namespace nnplug {

namespace detail {
void gemm_kernel(Eigen::Index m, Eigen::Index n, Eigen::Index k, const GemmOperand& a, const GemmOperand& b, float* c,
                 Eigen::Index ldc) {
  // The threads come from gemm.cpp's split; OpenBLAS's own pool would oversubscribe.
  static const bool single_threaded = (openblas_set_num_threads(1), true);
  (void)single_threaded;
  constexpr int row_major = 101, no_trans = 111, trans = 112;
  cblas_sgemm(row_major, a.transposed ? trans : no_trans, b.transposed ? trans : no_trans, int(m), int(n), int(k),
              1.0f, a.data, int(a.ld), b.data, int(b.ld), 0.0f, c, int(ldc));
}
}  // namespace detail

GemmBackend gemm_backend() {
  // The config starts "OpenBLAS 0.3.21 ..."; the core is the kernel set picked for this CPU.
  std::istringstream config(openblas_get_config());
  std::string name, version;
  config >> name >> version;
  return {"OpenBLAS", version + " (" + openblas_get_corename() + " kernels)"};
}

}  // namespace nnplug
