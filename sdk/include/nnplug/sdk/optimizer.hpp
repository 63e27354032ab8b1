#pragma once
// An optimizer updates one parameter at a time. The core owns all state: the
// per-parameter slots an optimizer declares, and optimizer-wide scalars (globals),
// so checkpoints, resume and swapping optimizers work for any plugin.
// Gradient clipping, decoupled weight decay and Keras 2's `decay` are applied by the
// core before `update`, as Keras's base optimizer does.
#include <nnplug/sdk/plugin.hpp>
#include <nnplug/sdk/tensor.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace nnplug {

struct Slot {
  std::string name;      // e.g. "momentum", "velocity" (Keras's slot names)
  float initial = 0.0f;  // Adagrad's accumulator starts at initial_accumulator_value
};

struct StepContext {
  float learning_rate = 0.0f;       // the rate for this step, after the core's decay/schedules
  std::int64_t iteration = 1;       // t: 1 on the first update (Keras's iterations + 1)
  std::span<const float> globals;   // optimizer-wide scalars after begin_step
};

class NNPLUG_SDK_API Optimizer : public Plugin {
 public:
  // Per-parameter state, each the parameter's shape, in this order in `update`.
  virtual std::vector<Slot> slots() const = 0;
  // Optimizer-wide scalars (Nadam's u_product); most optimizers have none.
  virtual std::vector<Slot> globals() const { return {}; }
  // Called once per step before any parameter is updated.
  virtual void begin_step(std::span<float> /*globals*/, const StepContext& /*step*/) const {}
  // One update of one parameter, in place. Element-wise array expressions please:
  // this runs over every weight every batch.
  virtual void update(ArrayMap value, ConstArrayMap gradient, std::span<ArrayMap> slots,
                      const StepContext& step) const = 0;
  // True when update() computes each element only from the same element of its inputs
  // (no norms, no row or column statistics). The core may then call update() on
  // cache-sized pieces of a parameter, on all threads: the optimizer's several array
  // expressions then make one trip through memory instead of one each. update() then
  // runs concurrently on different pieces, so it must not write to members.
  virtual bool elementwise() const { return false; }
};

}  // namespace nnplug
