#pragma once
// An optimizer updates one parameter at a time. The core owns all state: the
// per-parameter slots an optimizer declares and its optimizer-wide scalars (globals), so
// saving optimizer state, swapping optimizers and resuming work for any plugin.
// Everything Keras's base optimizer does around update_step is the core's, applied before
// update() in this order: loss-scale, clipping (clipnorm per tensor, global_clipnorm,
// clipvalue), decoupled weight decay, then update(), then EMA; Keras 2's `decay` and
// per-step schedules decide StepContext::learning_rate.
//
// Contract
//   Host guarantees:
//   - slots() and globals() are called once per parameter when the optimizer first meets
//     it; the host allocates every slot at the declared shape, filled with `initial`,
//     and never changes it between calls.
//   - begin_step() runs exactly once per training step, before any update() of that step;
//     StepContext::iteration is 1 on the first step and grows by one per step.
//   - update() is called once per parameter per step with the whole parameter (value,
//     gradient and slots in declared order), except for an elementwise() optimizer, which
//     may instead get consecutive pieces of one parameter (Variable::offset says where the
//     piece starts), on several threads at once.
//   - `learning_rate` is the rate of this step, the same for every parameter of the step.
//   Plugin guarantees:
//   - slots() and globals() depend only on the constructor's parameters and the shape:
//     the same shape always gives the same list.
//   - update() writes only the value and the slots it was given; when elementwise() is
//     true every slot has the parameter's shape, element i of the result depends only on
//     element i of the inputs, and update() writes no member (it runs concurrently).
//   - The step allocates nothing: scratch space is a slot or a second pass.
#include <nnplug/sdk/plugin.hpp>
#include <nnplug/sdk/tensor.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nnplug {

struct Slot {
  Slot(std::string name, float initial = 0.0f, std::optional<Shape> shape = std::nullopt)
      : name(std::move(name)), initial(initial), shape(std::move(shape)) {}
  std::string name;            // e.g. "momentum", "velocity" (Keras's slot names)
  float initial = 0.0f;        // Adagrad's accumulator starts at initial_accumulator_value
  std::optional<Shape> shape;  // none: the parameter's shape; Adafactor's row and column
                               // statistics declare their own
};

struct StepContext {
  float learning_rate = 0.0f;             // the rate for this step, after decay and schedules
  std::int64_t iteration = 1;             // t: 1 on the first update (Keras's iterations + 1)
  std::span<const float> globals;         // optimizer-wide scalars after begin_step
  bool learning_rate_scheduled = false;   // the rate comes from a per-step schedule (Adafactor's
                                          // relative step applies only to a constant rate)
};

// Which parameter an update() is about.
struct Variable {
  std::string_view name;     // Keras path: "dense_1/kernel"
  ShapeView shape;           // the whole parameter's shape, (inputs, units) for a kernel
  std::int64_t offset = 0;   // first element of this piece; 0 unless elementwise()
};

class NNPLUG_SDK_API Optimizer : public Plugin {
 public:
  // Per-parameter state for a parameter of this shape, in the order update() gets it.
  virtual std::vector<Slot> slots(ShapeView shape) const = 0;
  // Optimizer-wide scalars (Nadam's u_product); most optimizers have none. Their shape is
  // ignored: each is one float.
  virtual std::vector<Slot> globals() const { return {}; }
  // Called once per step before any parameter is updated.
  virtual void begin_step(std::span<float> /*globals*/, const StepContext& /*step*/) const {}
  // One update of one parameter (or piece of one), in place.
  virtual void update(ArrayMap value, ConstArrayMap gradient, std::span<ArrayMap> slots, const StepContext& step,
                      const Variable& variable) const = 0;
  // True when update() computes each element only from the same element of its inputs
  // (no norms, no row or column statistics). The core then updates cache-sized pieces of
  // a parameter on all threads, so the optimizer's expressions make one trip through
  // memory instead of one each.
  virtual bool elementwise() const { return false; }
};

}  // namespace nnplug
