// An optimizer's side of its contract (sdk/include/nnplug/sdk/optimizer.hpp), checked
// through the same Loaded<Optimizer> and OptimizerRunner the trainer uses.
#include "checker.hpp"

#include <nnplug/optimizer/optimizer_runner.hpp>

#include <cmath>

namespace nnplug::plugin_check {
namespace {

const Shape kernel_shape{7, 5}, bias_shape{5};

std::string shape_text(const Shape& shape) {
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + ")";
}

void check_slots(Checker& c, const Loaded<Optimizer>& optimizer) {
  for (const auto& shape : {kernel_shape, bias_shape}) {
    const auto first = optimizer.slots(shape), again = optimizer.slots(shape);
    const std::string where = "slots(" + shape_text(shape) + ")";
    if (!c.expect(first.size() == again.size(), "slots-stable",
                  text(where, " gave ", first.size(), " slots, then ", again.size())))
      continue;
    for (std::size_t i = 0; i < first.size(); ++i) {
      c.expect(first[i].name == again[i].name && first[i].shape == again[i].shape && first[i].initial == again[i].initial,
               "slots-stable", text(where, " slot ", i, " ('", first[i].name, "') differs between two calls"));
      c.expect(!first[i].name.empty(), "slots-stable", text(where, " slot ", i, " has no name"));
      if (optimizer.elementwise() && first[i].shape && *first[i].shape != shape)
        c.fail("elementwise-slot-shapes", text(where, " slot '", first[i].name, "' has shape ", shape_text(*first[i].shape)));
    }
  }
  c.expect(optimizer.globals().size() == optimizer.globals().size(), "slots-stable",
           "globals() gave lists of different lengths");
}

// One parameter's value and slots, driven directly through the plugin interface.
struct Tensor {
  Eigen::ArrayXf value, gradient;
  std::vector<Eigen::ArrayXf> slots;
};

Tensor tensor_for(const Loaded<Optimizer>& optimizer, const Shape& shape) {
  const auto size = Eigen::Index(element_count(shape));
  Tensor t;
  t.value.resize(size);
  t.gradient.resize(size);
  for (Eigen::Index i = 0; i < size; ++i) {
    t.value[i] = float(std::sin(0.37 * double(i) + 0.2));
    t.gradient[i] = i % 5 == 0 ? 0.0f : float(std::cos(1.3 * double(i)));
  }
  for (const auto& slot : optimizer.slots(shape))
    t.slots.push_back(Eigen::ArrayXf::Constant(Eigen::Index(element_count(slot.shape.value_or(shape))), slot.initial));
  return t;
}

// Three steps, each updating [begin, end) pieces of the tensor in order (one piece: whole).
void run_in_pieces(const Loaded<Optimizer>& optimizer, Tensor& t, const Shape& shape,
                   const std::vector<Eigen::Index>& cuts) {
  std::vector<float> globals;
  for (const auto& global : optimizer.globals()) globals.push_back(global.initial);
  for (std::int64_t step = 1; step <= 3; ++step) {
    StepContext context;
    context.learning_rate = 0.01f;
    context.iteration = step;
    optimizer.begin_step(globals, context);
    context.globals = globals;
    for (std::size_t p = 0; p + 1 < cuts.size(); ++p) {
      const Eigen::Index begin = cuts[p], size = cuts[p + 1] - cuts[p];
      std::vector<ArrayMap> slots;
      for (auto& slot : t.slots) slots.emplace_back(slot.data() + begin, size);
      optimizer.update(ArrayMap(t.value.data() + begin, size), ConstArrayMap(t.gradient.data() + begin, size), slots,
                       context, Variable{"dense/kernel", shape, begin});
    }
  }
}

void check_pieces(Checker& c, const Loaded<Optimizer>& optimizer) {
  if (!optimizer.elementwise()) return;
  const Shape shape{40, 25};
  Tensor whole = tensor_for(optimizer, shape), pieces = tensor_for(optimizer, shape);
  run_in_pieces(optimizer, whole, shape, {0, 1000});
  run_in_pieces(optimizer, pieces, shape, {0, 3, 256, 700, 1000});
  for (Eigen::Index i = 0; i < whole.value.size(); ++i)
    if (!(whole.value[i] == pieces.value[i]) && !(std::isnan(whole.value[i]) && std::isnan(pieces.value[i])))
      return c.fail("elementwise-pieces", text("element ", i, " after 3 steps: ", pieces.value[i],
                                               " updated in pieces, ", whole.value[i], " updated whole"));
}

Parameter parameter(const std::string& name, const Shape& shape, Matrix value) {
  Parameter p{name, shape, std::move(value), Matrix(1, 1), {}};
  p.gradient.resize(p.value.rows(), p.value.cols());
  return p;
}

// Gradients of a fixed problem: zeros, sign changes and values proportional to the weight.
void set_gradients(Parameter& kernel, Parameter& bias, int step) {
  for (Eigen::Index i = 0; i < kernel.gradient.size(); ++i)
    kernel.gradient.data()[i] = i % 3 == 0 ? 0.0f : float(std::cos(0.9 * step + double(i))) * kernel.value.data()[i];
  bias.gradient.setConstant(step % 2 == 0 ? 1.0f : -1.0f);
}

struct Problem {
  Parameter kernel = parameter("dense/kernel", kernel_shape, Matrix::Constant(7, 5, 0.3f));
  Parameter bias = parameter("dense/bias", bias_shape, Matrix::Zero(1, 5));
  void steps(OptimizerRunner& runner, int from, int to) {
    Parameter* const parameters[] = {&kernel, &bias};
    for (int step = from; step < to; ++step) {
      set_gradients(kernel, bias, step);
      runner.apply(parameters);
    }
  }
};

// Equal element for element, NaN equal to NaN: a state restored must reproduce even a
// diverged run (that one is finite-updates' to report).
bool same_values(const Matrix& a, const Matrix& b) {
  return a.size() == b.size() && (a.array() == b.array() || (a.array().isNaN() && b.array().isNaN())).all();
}

OptimizerRunner runner_for(const Checker& c) {
  Json spec = c.params;
  spec["name"] = c.plugin.name;
  return OptimizerRunner::from_config(c.registry, spec, "test-plugin");
}

void check_finite(Checker& c) {
  Problem problem;
  auto runner = runner_for(c);
  problem.steps(runner, 0, 30);
  c.expect(problem.kernel.value.allFinite() && problem.bias.value.allFinite(), "finite-updates",
           "a weight is NaN or infinite after 30 steps");
}

void check_state(Checker& c) {
  Problem original;
  auto runner = runner_for(c);
  original.steps(runner, 0, 5);
  const Json state = runner.state();
  const auto slots = runner.slot_arrays();
  Problem resumed;
  resumed.kernel.value = original.kernel.value;
  resumed.bias.value = original.bias.value;
  auto fresh = runner_for(c);
  fresh.load_state(state);
  fresh.load_slot_arrays(slots);
  original.steps(runner, 5, 10);
  resumed.steps(fresh, 5, 10);
  c.expect(same_values(original.kernel.value, resumed.kernel.value) && same_values(original.bias.value, resumed.bias.value),
           "state-round-trip", "5 steps after restoring the state saved at step 5 differ from 5 steps without saving");
}

}  // namespace

void check_optimizer(Checker& c) {
  c.rule("slots-stable", [&] { check_slots(c, c.create<Optimizer>()); });
  c.rule("elementwise-pieces", [&] { check_pieces(c, c.create<Optimizer>()); });
  c.rule("finite-updates", [&] { check_finite(c); });
  c.rule("state-round-trip", [&] { check_state(c); });
}

}  // namespace nnplug::plugin_check
