#pragma once
// The sealed plugin boundary. Core holds a plugin object only as a Loaded<Kind>: the
// library handle first, the object second (so the object always dies first), and one
// method per interface call, each of which turns any exception leaving the plugin (a
// std::exception, a type defined inside the plugin's library, anything) into the host's
// Error naming the plugin and its file, while the library is still loaded. Nothing in
// core can reach the object itself.
#include <nnplug/base/error.hpp>
#include <nnplug/sdk.hpp>

#include <memory>
#include <string>
#include <utility>

namespace boost::dll {
class shared_library;
}

namespace nnplug {

template <class T> constexpr Kind kind_of();
template <> constexpr Kind kind_of<Optimizer>() { return Kind::optimizer; }
template <> constexpr Kind kind_of<Regularizer>() { return Kind::regularizer; }
template <> constexpr Kind kind_of<Initializer>() { return Kind::initializer; }
template <> constexpr Kind kind_of<Schedule>() { return Kind::schedule; }
template <> constexpr Kind kind_of<Callback>() { return Kind::callback; }

template <class T> class Loaded;

template <class T>
class PluginHolder {
 public:
  PluginHolder() = default;
  // origin: the library file, for messages ("" for an object built in this process).
  PluginHolder(std::shared_ptr<boost::dll::shared_library> library, std::unique_ptr<T> object, std::string name,
               std::string origin = {})
      : library_(std::move(library)), object_(std::move(object)), name_(std::move(name)), origin_(std::move(origin)) {}
  // An object built in this process (embedding API, tests): no library to hold.
  static Loaded<T> local(std::unique_ptr<T> object, std::string name) {
    return Loaded<T>(nullptr, std::move(object), std::move(name));
  }

  PluginHolder(PluginHolder&&) noexcept = default;
  // Not the default: member-wise assignment would replace (and maybe unload) the old
  // library before the old object is destroyed, running its destructor from unmapped code.
  PluginHolder& operator=(PluginHolder&& other) noexcept {
    if (this != &other) {
      object_.reset();
      library_ = std::move(other.library_);
      object_ = std::move(other.object_);
      name_ = std::move(other.name_);
      origin_ = std::move(other.origin_);
    }
    return *this;
  }

  explicit operator bool() const { return static_cast<bool>(object_); }
  const std::string& name() const { return name_; }
  const std::string& origin() const { return origin_; }

 protected:
  ~PluginHolder() = default;

  template <class F>
  decltype(auto) guarded(F&& f) const {
    if (!object_) throw Error(std::string("no ") + kind_name(kind_of<T>()) + " plugin is set");
    try {
      return f(*object_);
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      throw Error(failed() + ": " + e.what());
    } catch (...) {
      throw Error(failed() + " with an exception that is not a std::exception");
    }
  }

 private:
  std::string failed() const {
    return std::string(kind_name(kind_of<T>())) + " '" + name_ + "'" + (origin_.empty() ? "" : " (" + origin_ + ")") +
           " failed";
  }

  std::shared_ptr<boost::dll::shared_library> library_;
  std::unique_ptr<T> object_;
  std::string name_;
  std::string origin_;
};

template <>
class Loaded<Optimizer> : public PluginHolder<Optimizer> {
 public:
  using PluginHolder::PluginHolder;
  std::vector<Slot> slots(ShapeView shape) const { return guarded([&](const Optimizer& o) { return o.slots(shape); }); }
  std::vector<Slot> globals() const { return guarded([&](const Optimizer& o) { return o.globals(); }); }
  bool elementwise() const { return guarded([&](const Optimizer& o) { return o.elementwise(); }); }
  void begin_step(std::span<float> globals, const StepContext& step) const {
    guarded([&](const Optimizer& o) { o.begin_step(globals, step); });
  }
  void update(ArrayMap value, ConstArrayMap gradient, std::span<ArrayMap> slots, const StepContext& step,
              const Variable& variable) const {
    guarded([&](const Optimizer& o) { o.update(value, gradient, slots, step, variable); });
  }
};

template <>
class Loaded<Regularizer> : public PluginHolder<Regularizer> {
 public:
  using PluginHolder::PluginHolder;
  double penalty(ConstArrayMap values, ShapeView shape) const {
    return guarded([&](const Regularizer& r) { return r.penalty(values, shape); });
  }
  void add_gradient(ConstArrayMap values, ShapeView shape, ArrayMap gradient, float scale) const {
    guarded([&](const Regularizer& r) { r.add_gradient(values, shape, gradient, scale); });
  }
};

template <>
class Loaded<Initializer> : public PluginHolder<Initializer> {
 public:
  using PluginHolder::PluginHolder;
  void fill(ArrayMap values, ShapeView shape, Rng& rng) const {
    guarded([&](const Initializer& i) { i.fill(values, shape, rng); });
  }
};

template <>
class Loaded<Schedule> : public PluginHolder<Schedule> {
 public:
  using PluginHolder::PluginHolder;
  double learning_rate(std::int64_t step) const {
    return guarded([&](const Schedule& s) { return s.learning_rate(step); });
  }
};

template <>
class Loaded<Callback> : public PluginHolder<Callback> {
 public:
  using PluginHolder::PluginHolder;
  void on_train_begin(CallbackContext& c) const { guarded([&](Callback& k) { k.on_train_begin(c); }); }
  void on_epoch_begin(int epoch, CallbackContext& c) const { guarded([&](Callback& k) { k.on_epoch_begin(epoch, c); }); }
  void on_train_batch_begin(std::int64_t batch, CallbackContext& c) const {
    guarded([&](Callback& k) { k.on_train_batch_begin(batch, c); });
  }
  void on_train_batch_end(std::int64_t batch, CallbackContext& c) const {
    guarded([&](Callback& k) { k.on_train_batch_end(batch, c); });
  }
  void on_epoch_end(int epoch, CallbackContext& c) const { guarded([&](Callback& k) { k.on_epoch_end(epoch, c); }); }
  void on_train_end(CallbackContext& c) const { guarded([&](Callback& k) { k.on_train_end(c); }); }
  bool uses_batch_hooks() const { return guarded([](const Callback& k) { return k.uses_batch_hooks(); }); }
  bool sets_learning_rate() const { return guarded([](const Callback& k) { return k.sets_learning_rate(); }); }
  Json state() const { return guarded([](const Callback& k) { return k.state(); }); }
  void load_state(const Json& state) const { guarded([&](Callback& k) { k.load_state(state); }); }
};

}  // namespace nnplug
