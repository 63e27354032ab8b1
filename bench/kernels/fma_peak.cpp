// Single-precision FMA throughput of one core: the ceiling the sgemm figures are a
// fraction of. GCC vector extensions rather than intrinsics, so the same source uses
// AVX-512 where the CPU has it. Check the loop with
//   objdump -d --no-show-raw-insn build/bin/nnplug_bench_kernels | grep -A50 "fma_chain.*>:"
// (it must be a run of vfmadd...ps on registers, no loads or stores).
#include "kernels.hpp"

namespace nnplug::bench {
namespace {

#ifdef __AVX512F__
constexpr int vector_bytes = 64;
#else
constexpr int vector_bytes = 32;
#endif
typedef float Vector __attribute__((vector_size(vector_bytes)));
constexpr int lanes = vector_bytes / int(sizeof(float));
// Throughput needs latency x pipes FMAs in flight (4 x 2 on Zen 3 and Skylake); 12 leaves
// margin and still fits the 16 ymm registers with the two operands.
constexpr int accumulators = 12;
constexpr long iterations = 1 << 16;

// noinline: a function of its own that objdump can show, with runtime operands the
// compiler cannot fold.
[[gnu::noinline]] float fma_chain(long count, float mul, float add) {
  Vector acc[accumulators];
  for (int a = 0; a < accumulators; ++a) acc[a] = Vector{} + float(a);
  const Vector m = Vector{} + mul, c = Vector{} + add;
  for (long i = 0; i < count; ++i)
    for (auto& v : acc) v = v * m + c;  // contracted to one FMA (GCC's C++ default)
  Vector sum{};
  for (const auto& v : acc) sum += v;
  float total = 0.0f;
  for (int lane = 0; lane < lanes; ++lane) total += sum[lane];
  return total;
}

}  // namespace

void fma_peak(const char* when) {
  // mul < 1 keeps the accumulators converging to add / (1 - mul): no overflow, no denormals.
  volatile float mul = 0.999f, add = 0.001f;
  volatile float sink = 0.0f;
  const double seconds = seconds_per_call([&] { sink = fma_chain(iterations, mul, add); });
  const double flops = 2.0 * double(iterations) * accumulators * lanes;
  emit({{"section", "fma_peak"}, {"when", when}, {"vector_bits", vector_bytes * 8}, {"accumulators", accumulators},
        {"gflops", flops / seconds * 1e-9}});
}

}  // namespace nnplug::bench
