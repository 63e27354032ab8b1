#pragma once
// Keras's base optimizer: everything around one plugin's per-parameter update that is
// the same for every optimizer. The runner owns all optimizer state (slots, globals,
// iterations, learning rate), so it can be saved and restored (state(), slot_arrays())
// for any plugin.
#include <nnplug/model/layer.hpp>
#include <nnplug/io/numpy/npz.hpp>
#include <nnplug/registry/plugin_reference.hpp>
#include <nnplug/registry/registry.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nnplug {

// Keras 3 base-optimizer options, plus Keras 2's `decay`. Unset means "not used".
struct OptimizerOptions {
  double learning_rate = 0.01;            // stored as float32, as Keras's variable
  double decay = 0.0;                     // Keras 2: lr / (1 + decay * iterations)
  std::optional<double> clipnorm;         // per tensor (Keras 3)
  std::optional<double> global_clipnorm;  // over all gradients together
  std::optional<double> clipvalue;        // element-wise to [-v, v]
  std::optional<double> weight_decay;     // decoupled: w -= w * weight_decay * lr, before the update
  bool use_ema = false;                   // keep an exponential moving average of the weights
  double ema_momentum = 0.99;
  std::optional<std::int64_t> ema_overwrite_frequency;  // copy the averages into the weights every N steps
};

// Splits a config's optimizer parameters into the base options above and the plugin's
// own parameters. `lr` is read as `learning_rate`; a base key the plugin's schema
// declares (learning_rate always, AdamW's weight_decay) takes its default from there
// and is passed on to the plugin too. A `learning_rate` that is a plugin reference
// ({"name": "cosine_decay", ...}) is a per-step schedule. Errors start with `where`.
struct OptimizerConfig {
  OptimizerOptions options;
  Json plugin_params = Json::object();
  std::optional<PluginReference> schedule;
};
OptimizerConfig split_optimizer_config(const PluginInfo& plugin, const Json& params, std::string_view where);
// JSON Schema of the options above (besides learning_rate/lr), for documentation.
const Json& base_optimizer_schema();

class OptimizerRunner {
 public:
  // spec: the config's compile.optimizer in any plugin-reference form.
  static OptimizerRunner from_config(const Registry& registry, const Json& spec, std::string_view where);
  // schedule: a per-step learning rate (Keras's LearningRateSchedule), or empty for the
  // constant options.learning_rate.
  OptimizerRunner(Loaded<Optimizer> optimizer, OptimizerOptions options, Loaded<Schedule> schedule = {});

  const std::string& name() const { return optimizer_.name(); }
  const OptimizerOptions& options() const { return options_; }
  // The base rate (what callbacks read and set, before Keras 2's decay), float32 as Keras
  // stores it; with a schedule, the schedule's rate for the next step.
  double learning_rate() const;
  // Refused with a schedule (Keras: the rate of a schedule cannot be assigned).
  void set_learning_rate(double learning_rate);
  // The schedule's name when the rate is a per-step schedule, else empty.
  std::string schedule_name() const { return schedule_ ? schedule_.name() : std::string(); }
  // The rate the next update uses: the base rate after Keras 2's `decay`.
  float step_learning_rate() const;
  std::int64_t iterations() const { return iterations_; }

  // One training step over all parameters. Gradients are clipped in place (they belong
  // to the layers and are rewritten by every backward pass). Slots are allocated on the
  // first call; later calls with the same parameters allocate nothing.
  void apply(std::span<Parameter* const> parameters);
  // With use_ema, replaces every weight by its moving average (Keras does this at the end of fit).
  void finalize_variable_values(std::span<Parameter* const> parameters) const;

  // {"optimizer", "iterations", "learning_rate", "globals": {name: value}}.
  Json state() const;
  void load_state(const Json& state);
  // One array per slot and parameter, named "<parameter>/<slot>" ("dense/kernel/momentum"),
  // each at its slot's shape; the EMA's slot is "average". Loaded arrays are matched to
  // parameters by name, and checked against the optimizer's slots, at the next apply().
  std::vector<NamedArray> slot_arrays() const;
  void load_slot_arrays(const std::vector<NamedArray>& arrays);

 private:
  struct ParameterSlots {
    std::string name;
    Shape shape;
    std::vector<Slot> specs;             // the optimizer's slots() for this shape
    std::vector<Eigen::ArrayXf> arrays;  // one per spec, at the spec's shape
    Eigen::ArrayXf average;              // EMA of the weights; empty without use_ema
  };

  bool built_for(std::span<Parameter* const> parameters) const;
  void build(std::span<Parameter* const> parameters);
  ParameterSlots fresh_slots(const Parameter& parameter) const;
  // Takes the parameter's slots out of `arrays` (loaded state), checking each one.
  ParameterSlots loaded_slots(const Parameter& parameter, std::vector<NamedArray>& arrays) const;
  void clip_gradients(std::span<Parameter* const> parameters) const;
  void update_averages(std::span<Parameter* const> parameters);
  std::vector<Slot> slot_specs(const Shape& shape) const;

  Loaded<Optimizer> optimizer_;
  Loaded<Schedule> schedule_;
  OptimizerOptions options_;
  bool elementwise_ = false;
  std::vector<Slot> global_specs_;
  std::vector<float> globals_;
  std::vector<ParameterSlots> slots_;
  std::vector<NamedArray> pending_;  // loaded slot arrays not yet matched to parameters
  float learning_rate_ = 0.01f;
  std::int64_t iterations_ = 0;
};

}  // namespace nnplug
