// Memory bandwidth one core gets (a STREAM triad) and how close each optimizer plugin's
// step comes to it. An optimizer step is a few passes over the weights, so its natural
// ceiling is bandwidth, not FLOPs. Two sizes: the MLP's largest kernel (784 x 256, under
// 1 MB per array, in L2/L3) and a 2500 x 4000 matrix (10M floats, 40 MB per array, the
// arrays of one step together far beyond the last-level cache). Both are matrices so that
// Adafactor factors its second moment as it does for a real kernel.
#include "kernels.hpp"

#include <nnplug/model/layer.hpp>
#include <nnplug/optimizer/optimizer_runner.hpp>
#include <nnplug/registry/registry.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace nnplug::bench {
namespace {

const Shape in_cache_shape{784, 256};
const Shape streaming_shape{2500, 4000};

// noinline + restrict: one vectorised loop the compiler cannot merge with the next call.
[[gnu::noinline]] void triad(float* __restrict a, const float* __restrict b, const float* __restrict c, float s,
                             std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
}

double triad_bytes_per_second(std::size_t n, const char* when) {
  std::vector<float> a(n, 0.0f), b(n, 1.0f), c(n, 2.0f);
  const double seconds = seconds_per_call([&] {
    triad(a.data(), b.data(), c.data(), 3.0f, n);
    clobber_memory();
  });
  // STREAM's count, 3 arrays; the CPU also reads a before overwriting it (write-allocate),
  // which an in-place optimizer update does not pay, so report that traffic too.
  const double bytes = 3.0 * 4.0 * double(n);
  emit({{"section", "triad"}, {"when", when}, {"n", n}, {"seconds", seconds}, {"gb_per_s", bytes / seconds * 1e-9},
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

Matrix small_random(const Shape& shape, Rng& rng) {
  const auto extents = matrix_extents(shape);
  Matrix m(extents.rows, extents.cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = float(rng.uniform(-0.01, 0.01));
  return m;
}

// The traffic the formula cannot avoid, whatever its passes: value and gradient read,
// value written, each slot read and written at the size the optimizer declares for this
// shape (Adafactor's r and c are a row and a column, not a matrix). Extra passes a formula
// needs (norms, row and column means) are not counted: they are what the fraction shows.
struct CountedTraffic {
  double bytes = 0.0;
  Json slots = Json::array();  // {"name", "shape", "elements"} per declared slot
};

CountedTraffic counted_traffic(const Loaded<Optimizer>& optimizer, const Shape& shape) {
  CountedTraffic traffic;
  double floats = 3.0 * double(element_count(shape));
  for (const Slot& slot : optimizer.slots(shape)) {
    const Shape& slot_shape = slot.shape ? *slot.shape : shape;
    const std::size_t elements = element_count(slot_shape);
    floats += 2.0 * double(elements);
    traffic.slots.push_back({{"name", slot.name}, {"shape", slot_shape}, {"elements", elements}});
  }
  traffic.bytes = 4.0 * floats;
  return traffic;
}

Json optimizer_step(const Registry& registry, const std::string& name, const Shape& shape) {
  Rng rng(11);
  Parameter parameter;
  parameter.name = "w";
  parameter.shape = shape;
  parameter.value = small_random(shape, rng);
  parameter.gradient = small_random(shape, rng);
  Parameter* const parameters[] = {&parameter};

  // Each optimizer at its Keras defaults, selected by name as a config does.
  OptimizerRunner runner = OptimizerRunner::from_config(registry, Json(name), "optimizer");
  const Loaded<Optimizer> optimizer = registry.create<Optimizer>(name);
  const CountedTraffic traffic = counted_traffic(optimizer, shape);
  runner.apply(parameters);  // allocates the slots, outside the timing
  const double seconds = seconds_per_call([&] { runner.apply(parameters); });
  const std::size_t n = element_count(shape);
  return {{"section", "optimizer_step"}, {"optimizer", name}, {"shape", shape}, {"n", n},
          {"elementwise", optimizer.elementwise()}, {"slots", traffic.slots}, {"bytes_per_step", traffic.bytes},
          {"seconds", seconds}, {"elements_per_s", double(n) / seconds}, {"gb_per_s", traffic.bytes / seconds * 1e-9}};
}

}  // namespace

void triad_and_optimizers(const Registry& registry) {
  const auto names = optimizer_names(registry);
  for (const Shape& shape : {in_cache_shape, streaming_shape}) {
    // Before and after the optimizers, the higher one: on a shared machine a triad taken
    // while another process had the memory bus would inflate every fraction below.
    const std::size_t n = element_count(shape);
    const double before = triad_bytes_per_second(n, "before");
    std::vector<Json> steps;
    for (const auto& name : names) steps.push_back(optimizer_step(registry, name, shape));
    const double bandwidth = std::max(before, triad_bytes_per_second(n, "after"));
    for (Json& step : steps) {
      step["fraction_of_triad"] = step["bytes_per_step"].get<double>() / step["seconds"].get<double>() / bandwidth;
      emit(step);
    }
  }
}

}  // namespace nnplug::bench
