// What the plugin design costs: discovering and loading the libraries, and calling an
// optimizer through a virtual interface in another shared object instead of inlining its
// formula (training_step.cpp puts that per-call cost into a step of the MLP).
#include "kernels.hpp"

#include <nnplug/optimizer/optimizer_runner.hpp>
#include <nnplug/registry/registry.hpp>

#include <algorithm>
#include <array>
#include <chrono>

namespace nnplug::bench {
namespace {

constexpr int registry_repeats = 10;
constexpr int dispatch_elements = 10;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void plugin_loading(const Registry& registry, double first_load_seconds) {
  double best = 1e300;
  for (int i = 0; i < registry_repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const Registry again(Registry::search_path());
    best = std::min(best, seconds_since(start));
  }
  emit({{"section", "plugin_load"}, {"plugins", registry.plugins().size()}, {"problems", registry.problems().size()},
        {"first_seconds", first_load_seconds}, {"best_seconds", best}, {"repeats", registry_repeats}});
}

struct DispatchCost {
  double virtual_seconds, inline_seconds;
};

// One sgd update of a 10-element parameter: so small that the call itself is most of it.
DispatchCost dispatch_cost(const Registry& registry) {
  std::array<float, dispatch_elements> w{}, g{};
  for (int i = 0; i < dispatch_elements; ++i) g[std::size_t(i)] = 1e-6f * float(i + 1);
  StepContext step;
  step.learning_rate = 0.01f;
  const std::span<ArrayMap> no_slots;

  // The object comes from the .so, so its dynamic type is unknown here: a real indirect call.
  // Through the host's guard, as the core calls every plugin.
  const Loaded<Optimizer> sgd = registry.create<Optimizer>("sgd");
  const Shape shape{std::size_t(dispatch_elements)};
  const Variable variable{"w", shape, 0};
  const double virtual_seconds = seconds_per_call([&] {
    sgd.update(ArrayMap(w.data(), dispatch_elements), ConstArrayMap(g.data(), dispatch_elements), no_slots, step,
               variable);
    clobber_memory();
  });
  // The same formula as the plugin's, inlined into the timing loop.
  const double inline_seconds = seconds_per_call([&] {
    ArrayMap(w.data(), dispatch_elements) -= step.learning_rate * ConstArrayMap(g.data(), dispatch_elements);
    clobber_memory();
  });
  // The whole core path for one parameter: state checks, clipping options, the piece loop.
  Parameter parameter{"w", {std::size_t(dispatch_elements)}, Matrix::Zero(1, dispatch_elements),
                      Matrix::Constant(1, dispatch_elements, 1e-6f), {}};
  Parameter* const parameters[] = {&parameter};
  OptimizerRunner runner = OptimizerRunner::from_config(registry, Json("sgd"), "optimizer");
  const double runner_seconds = seconds_per_call([&] { runner.apply(parameters); });

  emit({{"section", "dispatch"}, {"elements", dispatch_elements}, {"virtual_ns", virtual_seconds * 1e9},
        {"inline_ns", inline_seconds * 1e9}, {"difference_ns", (virtual_seconds - inline_seconds) * 1e9},
        {"runner_apply_ns", runner_seconds * 1e9}});
  return {virtual_seconds, inline_seconds};
}

}  // namespace

double plugins(const Registry& registry, double first_load_seconds) {
  plugin_loading(registry, first_load_seconds);
  const DispatchCost dispatch = dispatch_cost(registry);
  return dispatch.virtual_seconds - dispatch.inline_seconds;
}

}  // namespace nnplug::bench
