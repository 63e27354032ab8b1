#include <nnplug/optimizer_runner.hpp>
#include <nnplug/parallel_for.hpp>
#include <nnplug/plugin_reference.hpp>

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

std::size_t element_count(const Shape& shape) {
  std::size_t count = 1;
  for (const auto extent : shape) count *= extent;
  return count;
}

[[noreturn]] void state_error(const std::string& message) { throw Error("optimizer state: " + message); }

}  // namespace

OptimizerRunner OptimizerRunner::from_config(const Registry& registry, const Json& spec, std::string_view where) {
  const PluginReference reference = parse_plugin_reference(spec, where);
  const PluginInfo& plugin = registry.find(Kind::optimizer, reference.name, where);
  OptimizerConfig config = split_optimizer_config(plugin, reference.params, where);
  return OptimizerRunner(registry.create<Optimizer>(plugin.name, config.plugin_params, where), config.options);
}

OptimizerRunner::OptimizerRunner(Loaded<Optimizer> optimizer, OptimizerOptions options)
    : optimizer_(std::move(optimizer)), options_(options) {
  if (!optimizer_) throw Error("an optimizer runner needs an optimizer");
  set_learning_rate(options_.learning_rate);
  optimizer_.guarded([&](Optimizer& o) {
    slot_specs_ = o.slots();
    global_specs_ = o.globals();
  });
  for (const auto& global : global_specs_) globals_.push_back(global.initial);
}

void OptimizerRunner::set_learning_rate(double learning_rate) {
  if (!std::isfinite(learning_rate) || learning_rate < 0.0)
    throw Error("optimizer '" + name() + "': learning rate must be a finite number >= 0; got " +
                std::to_string(learning_rate));
  learning_rate_ = static_cast<float>(learning_rate);
}

float OptimizerRunner::step_learning_rate() const {
  if (options_.decay == 0.0) return learning_rate_;
  return learning_rate_ / (1.0f + static_cast<float>(options_.decay) * static_cast<float>(iterations_));
}

bool OptimizerRunner::built_for(std::span<Parameter* const> parameters) const {
  if (slots_.size() != parameters.size()) return false;
  for (std::size_t i = 0; i < parameters.size(); ++i)
    if (slots_[i].arrays.size() != slot_specs_.size() || slots_[i].name != parameters[i]->name) return false;
  return true;
}

OptimizerRunner::ParameterSlots OptimizerRunner::fresh_slots(const Parameter& parameter) const {
  ParameterSlots slots{parameter.name, parameter.shape, {}, {}};
  for (const auto& spec : slot_specs_) slots.arrays.push_back(Eigen::ArrayXf::Constant(parameter.value.size(), spec.initial));
  if (options_.use_ema) slots.average = const_flat(parameter.value);
  return slots;
}

void OptimizerRunner::check_loaded(const ParameterSlots& slots, const Parameter& parameter) const {
  for (std::size_t i = 0; i < slots.arrays.size(); ++i)
    if (slots.arrays[i].size() == 0 || slots.arrays[i].size() != parameter.value.size())
      state_error("'" + parameter.name + "/" + slot_specs_[i].name + "' is missing or has " +
                  std::to_string(slots.arrays[i].size()) + " values where the parameter has " +
                  std::to_string(parameter.value.size()) + "; the checkpoint does not match this model");
}

void OptimizerRunner::build(std::span<Parameter* const> parameters) {
  std::vector<ParameterSlots> built;
  built.reserve(parameters.size());
  for (Parameter* parameter : parameters) {
    if (parameter->gradient.size() != parameter->value.size())
      throw Error("parameter '" + parameter->name + "' has " + std::to_string(parameter->gradient.size()) +
                  " gradient values for " + std::to_string(parameter->value.size()) + " weights");
    auto known = std::find_if(slots_.begin(), slots_.end(), [&](const auto& s) { return s.name == parameter->name; });
    if (known == slots_.end()) {
      built.push_back(fresh_slots(*parameter));
      continue;
    }
    check_loaded(*known, *parameter);
    if (options_.use_ema && known->average.size() != parameter->value.size())
      known->average = const_flat(parameter->value);
    built.push_back(std::move(*known));
    slots_.erase(known);
  }
  if (!slots_.empty())
    state_error("has slots for '" + slots_.front().name + "', which this model does not have");
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
  const float decay_factor = options_.weight_decay ? static_cast<float>(*options_.weight_decay) * step.learning_rate : 0.0f;
  optimizer_.guarded([&](Optimizer& optimizer) {
    optimizer.begin_step(globals_, step);
    step.globals = globals_;
    // An element-wise optimizer updates pieces of a parameter, spread over the threads;
    // its expressions (and the weight decay) then reuse each piece from cache.
    const Eigen::Index piece = optimizer.elementwise() ? elementwise_piece : std::numeric_limits<Eigen::Index>::max();
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      Parameter& parameter = *parameters[i];
      std::vector<Eigen::ArrayXf>& slot_arrays = slots_[i].arrays;
      parallel_for(parameter.value.size(), piece, [&](Eigen::Index begin, Eigen::Index end) {
        ArrayMap value(parameter.value.data() + begin, end - begin);
        if (decay_factor != 0.0f) value -= value * decay_factor;
        boost::container::small_vector<ArrayMap, 4> slot_pieces;
        for (auto& array : slot_arrays) slot_pieces.emplace_back(array.data() + begin, end - begin);
        optimizer.update(value, ConstArrayMap(parameter.gradient.data() + begin, end - begin),
                         std::span<ArrayMap>(slot_pieces.data(), slot_pieces.size()), step);
      });
    }
  });
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
  set_learning_rate(state["learning_rate"].get<double>());
  iterations_ = state["iterations"].get<std::int64_t>();
  globals_ = std::move(globals);
}

std::vector<std::string> OptimizerRunner::slot_names() const {
  std::vector<std::string> names;
  for (const auto& spec : slot_specs_) names.push_back(spec.name);
  if (options_.use_ema) names.push_back(average_slot);
  return names;
}

std::vector<NamedArray> OptimizerRunner::slot_arrays() const {
  std::vector<NamedArray> out;
  const auto save = [&](const ParameterSlots& slots, const std::string& slot, const Eigen::ArrayXf& array) {
    out.push_back({slots.name + "/" + slot, slots.shape, std::vector<float>(array.data(), array.data() + array.size())});
  };
  for (const auto& slots : slots_) {
    for (std::size_t i = 0; i < slots.arrays.size(); ++i) save(slots, slot_specs_[i].name, slots.arrays[i]);
    if (options_.use_ema && slots.average.size() > 0) save(slots, average_slot, slots.average);
  }
  return out;
}

void OptimizerRunner::load_slot_arrays(const std::vector<NamedArray>& arrays) {
  const auto names = slot_names();
  std::vector<ParameterSlots> loaded;
  for (const auto& array : arrays) {
    const auto cut = array.name.rfind('/');
    if (cut == std::string::npos) state_error("array '" + array.name + "' is not named <parameter>/<slot>");
    const std::string parameter = array.name.substr(0, cut);
    const std::string slot = array.name.substr(cut + 1);
    const auto index = static_cast<std::size_t>(std::find(names.begin(), names.end(), slot) - names.begin());
    if (index == names.size())
      state_error("'" + array.name + "' is not a slot of optimizer '" + name() + "' (its slots: " +
                  (names.empty() ? std::string("none") : detail::join(names, ", ")) +
                  "); the checkpoint was written by another optimizer or options");
    if (array.data.size() != element_count(array.shape))
      state_error("'" + array.name + "' has " + std::to_string(array.data.size()) + " values for its shape");
    auto slots = std::find_if(loaded.begin(), loaded.end(), [&](const auto& s) { return s.name == parameter; });
    if (slots == loaded.end()) {
      loaded.push_back({parameter, array.shape, std::vector<Eigen::ArrayXf>(slot_specs_.size()), {}});
      slots = std::prev(loaded.end());
    }
    const Eigen::ArrayXf values = Eigen::Map<const Eigen::ArrayXf>(array.data.data(), Eigen::Index(array.data.size()));
    if (index < slot_specs_.size()) {
      slots->arrays[index] = values;
    } else {
      slots->average = values;
    }
  }
  slots_ = std::move(loaded);  // matched to the model's parameters, and checked, on the next apply
}

}  // namespace nnplug
