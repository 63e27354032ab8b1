// Memory bandwidth one core gets (a STREAM triad) and how close each optimizer plugin's
// step comes to it. An optimizer step is a few element-wise passes over the weights, so
// its natural ceiling is bandwidth, not FLOPs: at the MLP's size (235,146 floats, a few MB
// with slots) the arrays live in L2/L3; at 16M they stream from DRAM.
#include "kernels.hpp"

#include <nnplug/model/layer.hpp>
#include <nnplug/optimizer/optimizer_runner.hpp>
#include <nnplug/registry/registry.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace nnplug::bench {
namespace {

constexpr std::size_t memory_size = std::size_t(16) << 20;  // 3 x 64 MiB: far beyond any cache

// noinline + restrict: one vectorised loop the compiler cannot merge with the next call.
[[gnu::noinline]] void triad(float* __restrict a, const float* __restrict b, const float* __restrict c, float s,
                             std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
}

double triad_bytes_per_second(std::size_t n) {
  std::vector<float> a(n, 0.0f), b(n, 1.0f), c(n, 2.0f);
  const double seconds = seconds_per_call([&] {
    triad(a.data(), b.data(), c.data(), 3.0f, n);
    clobber_memory();
  });
  // STREAM's count, 3 arrays; the CPU also reads a before overwriting it (write-allocate),
  // which an in-place optimizer update does not pay, so report that traffic too.
  const double bytes = 3.0 * 4.0 * double(n);
  emit({{"section", "triad"}, {"n", n}, {"seconds", seconds}, {"gb_per_s", bytes / seconds * 1e-9},
        {"gb_per_s_with_write_allocate", 4.0 / 3.0 * bytes / seconds * 1e-9}});
  return bytes / seconds;
}

std::vector<std::string> optimizer_names(const Registry& registry) {
  std::vector<std::string> names;
  for (const PluginInfo& info : registry.plugins())
    if (info.kind == Kind::optimizer) names.push_back(info.name);
  std::sort(names.begin(), names.end());
  return names;
}

Matrix small_random(std::size_t n, Rng& rng) {
  Matrix m(1, Eigen::Index(n));
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = float(rng.uniform(-0.01, 0.01));
  return m;
}

void optimizer_step(const Registry& registry, const std::string& name, std::size_t n, double triad_bandwidth) {
  Rng rng(11);
  Parameter parameter;
  parameter.name = "w";
  parameter.shape = {n};
  parameter.value = small_random(n, rng);
  parameter.gradient = small_random(n, rng);
  Parameter* const parameters[] = {&parameter};

  OptimizerRunner runner = OptimizerRunner::from_config(registry, Json(name), "optimizer");
  const std::size_t slots = registry.create<Optimizer>(name).slots(parameter.shape).size();
  runner.apply(parameters);  // allocates the slots, outside the timing
  const double seconds = seconds_per_call([&] { runner.apply(parameters); });
  // Reads value, gradient and every slot; writes value and every slot.
  const double bytes = 4.0 * double(n) * double(2 + slots + 1 + slots);
  emit({{"section", "optimizer_step"}, {"optimizer", name}, {"n", n}, {"slots", slots}, {"seconds", seconds},
        {"elements_per_s", double(n) / seconds}, {"gb_per_s", bytes / seconds * 1e-9},
        {"fraction_of_triad", bytes / seconds / triad_bandwidth}});
}

}  // namespace

void triad_and_optimizers(const Registry& registry) {
  const auto names = optimizer_names(registry);
  for (const std::size_t n : {mlp_parameter_count(), memory_size}) {
    const double bandwidth = triad_bytes_per_second(n);
    for (const auto& name : names) optimizer_step(registry, name, n, bandwidth);
  }
}

}  // namespace nnplug::bench
