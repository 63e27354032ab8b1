#include <nnplug/base/names.hpp>
#include <nnplug/optimizer/optimizer_runner.hpp>
#include <nnplug/compute/parallel_for.hpp>
#include <nnplug/registry/plugin_reference.hpp>

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace nnplug {
namespace {

constexpr const char* average_slot = "average";
// Elements per piece of an element-wise update: enough to amortise a call, and value,
// gradient and two slots of a piece (256 KiB) stay in L2 between an optimizer's expressions.
constexpr Eigen::Index elementwise_piece = 16384;

ConstArrayMap const_flat(const Matrix& m) { return {m.data(), m.size()}; }

[[noreturn]] void state_error(const std::string& message) { throw Error("optimizer state: " + message); }

}  // namespace

OptimizerRunner OptimizerRunner::from_config(const Registry& registry, const Json& spec, std::string_view where) {
  const PluginReference reference = parse_plugin_reference(spec, where);
  const PluginInfo& plugin = registry.find(Kind::optimizer, reference.name, where);
  OptimizerConfig config = split_optimizer_config(plugin, reference.params, reference.params_at);
  Loaded<Schedule> schedule;
  if (config.schedule)
    schedule = registry.create<Schedule>(config.schedule->name, config.schedule->params, config.schedule->params_at);
  return OptimizerRunner(registry.create<Optimizer>(plugin.name, config.plugin_params, reference.params_at), config.options,
                         std::move(schedule));
}

OptimizerRunner::OptimizerRunner(Loaded<Optimizer> optimizer, OptimizerOptions options, Loaded<Schedule> schedule)
    : optimizer_(std::move(optimizer)), schedule_(std::move(schedule)), options_(options) {
  if (!optimizer_) throw Error("an optimizer runner needs an optimizer");
  if (!schedule_) set_learning_rate(options_.learning_rate);
  elementwise_ = optimizer_.elementwise();
  global_specs_ = optimizer_.globals();
  for (const auto& global : global_specs_) globals_.push_back(global.initial);
}

double OptimizerRunner::learning_rate() const {
  if (!schedule_) return learning_rate_;
  return static_cast<float>(schedule_.learning_rate(iterations_));
}

void OptimizerRunner::set_learning_rate(double learning_rate) {
  if (schedule_)
    throw Error("optimizer '" + name() + "': its learning_rate is the schedule '" + schedule_.name() +
                "', which sets the rate every step; a callback cannot set it too (use a constant learning_rate "
                "with learning-rate callbacks, or the schedule alone)");
  if (!std::isfinite(learning_rate) || learning_rate < 0.0)
    throw Error("optimizer '" + name() + "': learning rate must be a finite number >= 0; got " +
                std::to_string(learning_rate));
  learning_rate_ = static_cast<float>(learning_rate);
}

float OptimizerRunner::step_learning_rate() const {
  const float base = schedule_ ? static_cast<float>(learning_rate()) : learning_rate_;
  if (schedule_ && !(std::isfinite(base) && base >= 0.0f))
    throw Error("learning-rate schedule '" + schedule_.name() + "' gave " + std::to_string(base) + " at step " +
                std::to_string(iterations_) + "; a rate must be a finite number >= 0");
  if (options_.decay == 0.0) return base;
  return base / (1.0f + static_cast<float>(options_.decay) * static_cast<float>(iterations_));
}

std::vector<Slot> OptimizerRunner::slot_specs(const Shape& shape) const {
  std::vector<Slot> specs = optimizer_.slots(shape);
  for (auto& spec : specs) {
    if (!spec.shape) spec.shape = shape;
    if (elementwise_ && *spec.shape != shape)
      throw Error("optimizer '" + name() + "' says it is element-wise but declares slot '" + spec.name +
                  "' with another shape than its parameter; an element-wise optimizer's slots have the parameter's shape");
  }
  return specs;
}

bool OptimizerRunner::built_for(std::span<Parameter* const> parameters) const {
  if (slots_.size() != parameters.size()) return false;
  for (std::size_t i = 0; i < parameters.size(); ++i)
    if (slots_[i].name != parameters[i]->name || slots_[i].arrays.size() != slots_[i].specs.size()) return false;
  return true;
}

OptimizerRunner::ParameterSlots OptimizerRunner::fresh_slots(const Parameter& parameter) const {
  ParameterSlots slots{parameter.name, parameter.shape, slot_specs(parameter.shape), {}, {}};
  for (const auto& spec : slots.specs)
    slots.arrays.push_back(Eigen::ArrayXf::Constant(Eigen::Index(element_count(*spec.shape)), spec.initial));
  if (options_.use_ema) slots.average = const_flat(parameter.value);
  return slots;
}

OptimizerRunner::ParameterSlots OptimizerRunner::loaded_slots(const Parameter& parameter,
                                                               std::vector<NamedArray>& arrays) const {
  ParameterSlots slots{parameter.name, parameter.shape, slot_specs(parameter.shape), {}, {}};
  const auto take = [&](const std::string& slot, const Shape& shape) -> Eigen::ArrayXf {
    const std::string key = parameter.name + "/" + slot;
    const auto found = std::find_if(arrays.begin(), arrays.end(), [&](const NamedArray& a) { return a.name == key; });
    const std::size_t expected = element_count(shape);
    if (found == arrays.end() || found->data.size() != expected)
      state_error("'" + key + "' is missing or has " + std::to_string(found == arrays.end() ? 0 : found->data.size()) +
                  " values where the slot has " + std::to_string(expected) + "; the saved state does not match this model");
    Eigen::ArrayXf values = Eigen::Map<const Eigen::ArrayXf>(found->data.data(), Eigen::Index(expected));
    arrays.erase(found);
    return values;
  };
  for (const auto& spec : slots.specs) slots.arrays.push_back(take(spec.name, *spec.shape));
  if (options_.use_ema) {
    const std::string key = parameter.name + "/" + average_slot;
    const bool saved = std::any_of(arrays.begin(), arrays.end(), [&](const NamedArray& a) { return a.name == key; });
    slots.average = saved ? take(average_slot, parameter.shape) : Eigen::ArrayXf(const_flat(parameter.value));
  }
  return slots;
}

void OptimizerRunner::build(std::span<Parameter* const> parameters) {
  std::vector<ParameterSlots> built;
  built.reserve(parameters.size());
  for (Parameter* parameter : parameters) {
    if (parameter->gradient.size() != parameter->value.size())
      throw Error("parameter '" + parameter->name + "' has " + std::to_string(parameter->gradient.size()) +
                  " gradient values for " + std::to_string(parameter->value.size()) + " weights");
    if (std::size_t(parameter->value.size()) != element_count(parameter->shape))
      throw Error("parameter '" + parameter->name + "' has " + std::to_string(parameter->value.size()) +
                  " values for its shape");
    const auto known = std::find_if(slots_.begin(), slots_.end(), [&](const auto& s) { return s.name == parameter->name; });
    const bool saved = std::any_of(pending_.begin(), pending_.end(), [&](const NamedArray& a) {
      return a.name.rfind(parameter->name + "/", 0) == 0;
    });
    if (known != slots_.end()) {
      built.push_back(std::move(*known));
      slots_.erase(known);
    } else if (saved) {
      built.push_back(loaded_slots(*parameter, pending_));
    } else {
      built.push_back(fresh_slots(*parameter));
    }
  }
  if (!pending_.empty()) {
    const std::string& array = pending_.front().name;
    const bool known_parameter = std::any_of(parameters.begin(), parameters.end(), [&](const Parameter* p) {
      return array.rfind(p->name + "/", 0) == 0;
    });
    if (known_parameter)
      state_error("'" + array + "' is not a slot of optimizer '" + name() +
                  "'; the state was saved by another optimizer or options");
    state_error("has slots for '" + array.substr(0, array.rfind('/')) + "', which this model does not have");
  }
  slots_ = std::move(built);
}

void OptimizerRunner::clip_gradients(std::span<Parameter* const> parameters) const {
  if (options_.clipnorm) {
    const float limit = static_cast<float>(*options_.clipnorm);
    for (Parameter* p : parameters) {
      const double norm = std::sqrt(p->gradient.cast<double>().squaredNorm());
      if (norm > limit) p->gradient *= static_cast<float>(limit / norm);
    }
  } else if (options_.global_clipnorm) {
    double sum = 0.0;
    for (Parameter* p : parameters) sum += p->gradient.cast<double>().squaredNorm();
    const double norm = std::sqrt(sum);
    const double limit = *options_.global_clipnorm;
    // A non-finite norm scales by limit/norm too, so NaN propagates as in Keras.
    if (!(norm <= limit))
      for (Parameter* p : parameters) p->gradient *= static_cast<float>(limit / norm);
  } else if (options_.clipvalue) {
    const float limit = static_cast<float>(*options_.clipvalue);
    for (Parameter* p : parameters) p->gradient = p->gradient.cwiseMax(-limit).cwiseMin(limit);
  }
}

void OptimizerRunner::apply(std::span<Parameter* const> parameters) {
  if (!built_for(parameters)) build(parameters);
  clip_gradients(parameters);
  StepContext step;
  step.learning_rate = step_learning_rate();
  step.iteration = iterations_ + 1;
  step.learning_rate_scheduled = static_cast<bool>(schedule_);
  const float decay_factor = options_.weight_decay ? static_cast<float>(*options_.weight_decay) * step.learning_rate : 0.0f;
  optimizer_.begin_step(globals_, step);
  step.globals = globals_;
  // An element-wise optimizer updates pieces of a parameter, spread over the threads;
  // its expressions (and the weight decay) then reuse each piece from cache.
  const Eigen::Index piece = elementwise_ ? elementwise_piece : std::numeric_limits<Eigen::Index>::max();
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    Parameter& parameter = *parameters[i];
    std::vector<Eigen::ArrayXf>& slot_arrays = slots_[i].arrays;
    parallel_for(parameter.value.size(), piece, [&](Eigen::Index begin, Eigen::Index end) {
      ArrayMap value(parameter.value.data() + begin, end - begin);
      if (decay_factor != 0.0f) value -= value * decay_factor;
      boost::container::small_vector<ArrayMap, 4> slot_pieces;
      for (auto& array : slot_arrays) {
        // A piece of an element-wise optimizer's slot; a whole slot otherwise (its own shape).
        const bool whole = !elementwise_;
        slot_pieces.emplace_back(array.data() + (whole ? 0 : begin), whole ? array.size() : end - begin);
      }
      optimizer_.update(value, ConstArrayMap(parameter.gradient.data() + begin, end - begin),
                        std::span<ArrayMap>(slot_pieces.data(), slot_pieces.size()), step,
                        Variable{parameter.name, parameter.shape, begin});
    });
  }
  if (options_.use_ema) update_averages(parameters);
  ++iterations_;
}

void OptimizerRunner::update_averages(std::span<Parameter* const> parameters) {
  // Keras: the first step copies the weights (momentum 0), later ones blend.
  const float momentum = iterations_ == 0 ? 0.0f : static_cast<float>(options_.ema_momentum);
  const bool overwrite = options_.ema_overwrite_frequency && (iterations_ + 1) % *options_.ema_overwrite_frequency == 0;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    ArrayMap value = flat(parameters[i]->value);
    slots_[i].average = momentum * slots_[i].average + (1.0f - momentum) * value;
    if (overwrite) value = slots_[i].average;
  }
}

void OptimizerRunner::finalize_variable_values(std::span<Parameter* const> parameters) const {
  if (!options_.use_ema) return;
  for (Parameter* parameter : parameters) {
    const auto slots = std::find_if(slots_.begin(), slots_.end(), [&](const auto& s) { return s.name == parameter->name; });
    if (slots != slots_.end() && slots->average.size() == parameter->value.size()) flat(parameter->value) = slots->average;
  }
}

Json OptimizerRunner::state() const {
  Json globals = Json::object();
  for (std::size_t i = 0; i < globals_.size(); ++i) globals[global_specs_[i].name] = globals_[i];
  return {{"optimizer", name()}, {"iterations", iterations_}, {"learning_rate", learning_rate()}, {"globals", globals}};
}

void OptimizerRunner::load_state(const Json& state) {
  if (!state.is_object()) state_error("must be a JSON object");
  if (state.contains("optimizer") &&
      (!state["optimizer"].is_string() || normalize_name(state["optimizer"].get<std::string>()) != normalize_name(name())))
    state_error("was saved by optimizer " + state["optimizer"].dump() + ", not '" + name() +
                "'; start the new optimizer from fresh state instead of loading this one");
  if (!state.contains("iterations") || !state["iterations"].is_number_integer() || state["iterations"].get<std::int64_t>() < 0)
    state_error("'iterations' must be an integer >= 0");
  if (!state.contains("learning_rate") || !state["learning_rate"].is_number())
    state_error("'learning_rate' must be a number");
  std::vector<float> globals = globals_;
  const Json saved_globals = state.value("globals", Json::object());
  for (std::size_t i = 0; i < global_specs_.size(); ++i) {
    const Json& saved = saved_globals.contains(global_specs_[i].name) ? saved_globals[global_specs_[i].name] : Json();
    if (!saved.is_number()) state_error("global '" + global_specs_[i].name + "' is missing or not a number");
    globals[i] = saved.get<float>();
  }
  if (!schedule_) set_learning_rate(state["learning_rate"].get<double>());
  iterations_ = state["iterations"].get<std::int64_t>();
  globals_ = std::move(globals);
}

std::vector<NamedArray> OptimizerRunner::slot_arrays() const {
  std::vector<NamedArray> out = pending_;  // loaded but not yet matched to a parameter
  const auto save = [&](const ParameterSlots& slots, const std::string& slot, const Shape& shape,
                        const Eigen::ArrayXf& array) {
    out.push_back({slots.name + "/" + slot, shape, std::vector<float>(array.data(), array.data() + array.size())});
  };
  for (const auto& slots : slots_) {
    for (std::size_t i = 0; i < slots.arrays.size(); ++i)
      save(slots, slots.specs[i].name, *slots.specs[i].shape, slots.arrays[i]);
    if (options_.use_ema && slots.average.size() > 0) save(slots, average_slot, slots.shape, slots.average);
  }
  return out;
}

void OptimizerRunner::load_slot_arrays(const std::vector<NamedArray>& arrays) {
  for (const auto& array : arrays) {
    if (array.name.rfind('/') == std::string::npos) state_error("array '" + array.name + "' is not named <parameter>/<slot>");
    if (array.data.size() != element_count(array.shape))
      state_error("'" + array.name + "' has " + std::to_string(array.data.size()) + " values for its shape");
  }
  // Matched to the model's parameters, and checked against the optimizer's slots for
  // each parameter's shape, on the next apply.
  slots_.clear();
  pending_ = arrays;
}

}  // namespace nnplug
