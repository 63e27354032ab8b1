// Subnormal floats are flushed to zero while a ScopedFlushDenormals lives, on the calling
// thread and the OpenMP workers, and come back after it.
#include <nnplug/compute/denormals.hpp>

#include <catch2/catch.hpp>
#include <omp.h>

#include <limits>

using namespace nnplug;

namespace {

// Through volatile, so the compiler cannot fold the products at compile time.
float product(float a, float b) {
  volatile float x = a, y = b;
  return x * y;
}

constexpr float smallest_normal = std::numeric_limits<float>::min();

}  // namespace

TEST_CASE("subnormal results and inputs are zero while flushing, and only then", "[compute][perf]") {
  REQUIRE_FALSE(flushing_denormals());  // the test process starts with IEEE subnormals
  CHECK(product(smallest_normal, 0.5f) > 0.0f);  // a subnormal result
  const float subnormal = product(smallest_normal, 0.25f);
  REQUIRE(subnormal > 0.0f);
  {
    const ScopedFlushDenormals flush;
    CHECK(flushing_denormals());
    CHECK(product(smallest_normal, 0.5f) == 0.0f);  // flush-to-zero
    CHECK(product(subnormal, 8.0f) == 0.0f);        // denormals-are-zero: the input reads as 0
    {
      const ScopedFlushDenormals nested;
      CHECK(flushing_denormals());
    }
    CHECK(flushing_denormals());  // the inner scope restores what it found
    int workers_flushing = 0;
#pragma omp parallel num_threads(2) reduction(+ : workers_flushing)
    workers_flushing += flushing_denormals() && product(smallest_normal, 0.5f) == 0.0f;
    CHECK(workers_flushing == 2);
  }
  CHECK_FALSE(flushing_denormals());
  CHECK(product(subnormal, 8.0f) == smallest_normal * 2.0f);
  int workers_flushing = 0;
#pragma omp parallel num_threads(2) reduction(+ : workers_flushing)
  workers_flushing += flushing_denormals();
  CHECK(workers_flushing == 0);
}
