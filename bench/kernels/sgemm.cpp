// One-thread sgemm speed at the MLP's layer shapes (and one square product for
// comparison), and the "GEMM floor" of an epoch: the time its products alone would take
// at those speeds, whatever else the training step does.
#include "kernels.hpp"
#include "sgemm_kernels.hpp"

#include <nnplug/sdk/tensor.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace nnplug::bench {
namespace {

struct Case {
  std::string product;  // forward, weight_gradient, input_gradient, square
  int batch;            // 0 for the square product
  int layer;            // 1-based; 0 for the square product
  Gemm gemm;
};

using Kernel = void (*)(const Gemm&, const float*, const float*, float*);
struct Implementation {
  const char* name;
  Kernel kernel;
};

std::vector<Implementation> implementations() {
  return {
      {"eigen", &eigen_sgemm},
#ifdef NNPLUG_BENCH_OPENBLAS
      {"openblas", &openblas_sgemm},
#endif
#ifdef NNPLUG_BENCH_ONEDNN
      {"onednn", &onednn_sgemm},
#endif
      {"nnplug_2_threads", &nnplug_sgemm_two_threads},
  };
}

// The products one training step of the MLP makes at batch b: forward out = X W, weight
// gradient dW = X^T G, and input gradient dX = G W^T, which the first layer skips.
std::vector<Case> step_cases(int b) {
  std::vector<Case> cases;
  for (int i = 0; i < int(mlp_layers.size()); ++i) {
    const auto [k, n] = mlp_layers[std::size_t(i)];
    cases.push_back({"forward", b, i + 1, {b, n, k, false, false}});
    cases.push_back({"weight_gradient", b, i + 1, {k, n, b, true, false}});
    if (i > 0) cases.push_back({"input_gradient", b, i + 1, {b, k, n, false, true}});
  }
  return cases;
}

double flops(const Gemm& g) { return 2.0 * g.m * g.n * g.k; }

std::vector<float> random_values(std::size_t count, Rng& rng) {
  std::vector<float> values(count);
  for (auto& v : values) v = float(rng.uniform(-1.0, 1.0));
  return values;
}

// Largest difference between two results relative to the largest element: both
// implementations must compute the same product for their speeds to compare.
double relative_difference(const std::vector<float>& x, const std::vector<float>& y) {
  double difference = 0.0, scale = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    difference = std::max(difference, double(std::abs(x[i] - y[i])));
    scale = std::max(scale, double(std::abs(x[i])));
  }
  return scale > 0.0 ? difference / scale : difference;
}

// Times every implementation on one case; returns seconds per call by implementation.
std::map<std::string, double> measure(const Case& c, Rng& rng) {
  const Gemm& g = c.gemm;
  const auto a = random_values(std::size_t(g.m) * std::size_t(g.k), rng);
  const auto b = random_values(std::size_t(g.k) * std::size_t(g.n), rng);
  std::vector<float> reference;
  std::map<std::string, double> seconds;
  for (const auto& impl : implementations()) {
    std::vector<float> out(std::size_t(g.m) * std::size_t(g.n));
    const double s = seconds_per_call([&] {
      impl.kernel(g, a.data(), b.data(), out.data());
      clobber_memory();
    });
    seconds[impl.name] = s;
    Json line{{"section", "sgemm"}, {"impl", impl.name}, {"product", c.product}, {"batch", c.batch},
              {"layer", c.layer}, {"m", g.m}, {"n", g.n}, {"k", g.k}, {"seconds", s}, {"gflops", flops(g) / s * 1e-9}};
    if (reference.empty()) {
      reference = out;
    } else {
      line["relative_difference_to_eigen"] = relative_difference(reference, out);
    }
    emit(line);
  }
  return seconds;
}

}  // namespace

void sgemm() {
  eigen_single_thread();
#ifdef NNPLUG_BENCH_OPENBLAS
  openblas_single_thread();
#endif
#ifdef NNPLUG_BENCH_ONEDNN
  onednn_single_thread();
#endif
  Rng rng(7);
  for (const int b : batch_sizes) {
    std::map<std::string, double> step_seconds;
    double step_flops = 0.0;
    for (const Case& c : step_cases(b)) {
      step_flops += flops(c.gemm);
      for (const auto& [impl, s] : measure(c, rng)) step_seconds[impl] += s;
    }
    // An epoch is 60000 / b steps (the last one partial, hence not an integer here).
    const double steps = double(epoch_samples) / b;
    Json floor = Json::object(), per_step = Json::object();
    for (const auto& [impl, s] : step_seconds) {
      floor[impl] = s * steps;
      per_step[impl] = s;
    }
    emit({{"section", "epoch_gemm"}, {"batch", b}, {"steps", steps}, {"flops_per_epoch", step_flops * steps},
          {"floor_seconds", floor}, {"step_seconds", per_step}});
  }
  measure({"square", 0, 0, {1024, 1024, 1024, false, false}}, rng);
}

}  // namespace nnplug::bench
