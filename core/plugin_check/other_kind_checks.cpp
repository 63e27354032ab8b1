// The plugin's side of the schedule, initializer, regularizer and callback contracts
// (sdk/include/nnplug/sdk/*.hpp).
#include "checker.hpp"

#include <cmath>

namespace nnplug::plugin_check {
namespace {

const Shape kernel_shape{7, 5};
constexpr Eigen::Index kernel_size = 35;

}  // namespace

void check_schedule(Checker& c) {
  c.rule("schedule-pure", [&] {
    const auto schedule = c.create<Schedule>();
    for (const std::int64_t step : {0, 1, 2, 7, 100, 1000, 123456, 100000000}) {
      const double rate = schedule.learning_rate(step);
      c.expect(std::isfinite(rate) && rate >= 0.0, "schedule-pure", text("step ", step, " gave the rate ", rate));
      c.expect(schedule.learning_rate(step) == rate, "schedule-pure", text("step ", step, " gave two different rates"));
    }
  });
}

void check_initializer(Checker& c) {
  c.rule("initializer-fills", [&] {
    Json params = c.params;
    const bool seeded = c.plugin.schema["properties"].contains("seed");
    if (seeded) params["seed"] = 5;
    const auto initializer = c.registry.create<Initializer>(c.plugin.name, params, "test-plugin");
    Rng rng(3);
    std::vector<float> first(kernel_size, std::nanf("")), second(kernel_size, std::nanf(""));
    initializer.fill(ArrayMap(first.data(), kernel_size), kernel_shape, rng);
    initializer.fill(ArrayMap(second.data(), kernel_size), kernel_shape, rng);
    for (std::size_t i = 0; i < first.size(); ++i)
      if (!std::isfinite(first[i])) return c.fail("initializer-fills", text("value ", i, " of a (7, 5) fill is ", first[i]));
    if (seeded) c.expect(first == second, "initializer-fills", "two fills with \"seed\": 5 differ");
  });
}

void check_regularizer(Checker& c) {
  c.rule("regularizer-adds", [&] {
    const auto regularizer = c.create<Regularizer>();
    std::vector<float> values(kernel_size);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = float(std::sin(double(i) + 0.5));
    std::vector<float> from_zero(kernel_size, 0.0f), from_one(kernel_size, 1.0f);
    const ConstArrayMap x(values.data(), kernel_size);
    regularizer.add_gradient(x, kernel_shape, ArrayMap(from_zero.data(), kernel_size), 0.5f);
    regularizer.add_gradient(x, kernel_shape, ArrayMap(from_one.data(), kernel_size), 0.5f);
    for (std::size_t i = 0; i < values.size(); ++i)
      if (std::abs(from_one[i] - (1.0f + from_zero[i])) > 1e-5f * (1.0f + std::abs(from_zero[i])))
        return c.fail("regularizer-adds", text("element ", i, ": gradient 1 became ", from_one[i], ", gradient 0 became ",
                                               from_zero[i], "; add_gradient must add, not overwrite"));
    const double penalty = regularizer.penalty(x, kernel_shape);
    c.expect(std::isfinite(penalty) && penalty >= 0.0, "regularizer-adds", text("the penalty is ", penalty));
  });
}

void check_callback(Checker& c) {
  c.rule("state-round-trip", [&] {
    const auto callback = c.create<Callback>();
    const Json state = callback.state();
    const auto fresh = c.create<Callback>();
    fresh.load_state(state);
    c.expect(fresh.state() == state, "state-round-trip",
             "load_state(" + state.dump() + ") then state() gave " + fresh.state().dump());
  });
}

}  // namespace nnplug::plugin_check
