#pragma once
// Finds plugin libraries on a search path, reads their descriptors and creates plugin
// objects by name. Every object keeps its library loaded for as long as it lives.
#include <nnplug/error.hpp>
#include <nnplug/sdk.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace boost::dll {
class shared_library;
}

namespace nnplug {

template <class T> constexpr Kind kind_of();
template <> constexpr Kind kind_of<Optimizer>() { return Kind::optimizer; }
template <> constexpr Kind kind_of<Regularizer>() { return Kind::regularizer; }
template <> constexpr Kind kind_of<Initializer>() { return Kind::initializer; }
template <> constexpr Kind kind_of<Scheduler>() { return Kind::scheduler; }

// A plugin object and the library it came from. Members are destroyed in reverse
// order, so the object always dies before its library can be unloaded.
template <class T>
class Loaded {
 public:
  Loaded() = default;
  Loaded(std::shared_ptr<boost::dll::shared_library> library, std::unique_ptr<T> object, std::string name)
      : library_(std::move(library)), object_(std::move(object)), name_(std::move(name)) {}
  // An object built in this process (embedding API, tests): no library to hold.
  static Loaded local(std::unique_ptr<T> object, std::string name) { return Loaded(nullptr, std::move(object), std::move(name)); }

  Loaded(Loaded&&) noexcept = default;
  // Not the default: member-wise assignment would replace (and maybe unload) the old
  // library before the old object is destroyed, running its destructor from unmapped code.
  Loaded& operator=(Loaded&& other) noexcept {
    if (this != &other) {
      object_.reset();
      library_ = std::move(other.library_);
      object_ = std::move(other.object_);
      name_ = std::move(other.name_);
    }
    return *this;
  }

  explicit operator bool() const { return static_cast<bool>(object_); }
  T& operator*() const { return *object_; }
  T* operator->() const { return object_.get(); }
  const std::string& name() const { return name_; }

  // Runs f(object); an exception escaping the plugin becomes an Error naming it, so
  // nothing of the plugin's (vtable, type_info) outlives the call.
  template <class F>
  decltype(auto) guarded(F&& f) const {
    try {
      return f(*object_);
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      throw Error(std::string(kind_name(kind_of<T>())) + " '" + name_ + "' failed: " + e.what());
    } catch (...) {
      throw Error(std::string(kind_name(kind_of<T>())) + " '" + name_ + "' failed with a non-standard exception");
    }
  }

 private:
  std::shared_ptr<boost::dll::shared_library> library_;
  std::unique_ptr<T> object_;
  std::string name_;
};

// What a descriptor said, copied into host memory.
struct PluginInfo {
  Kind kind{};
  std::string name;
  std::vector<std::string> aliases;
  std::string summary;
  Json schema;
  std::filesystem::path file;
};

class Registry {
 public:
  // cli_dirs (--plugins, in order), then NNPLUG_PLUGIN_PATH (':'-separated), then
  // <directory of the running executable>/../lib/nnplug/plugins if it exists.
  static std::vector<std::filesystem::path> search_path(const std::vector<std::filesystem::path>& cli_dirs = {});

  // Scans every directory for *.so files. A library that is not an nnplug plugin, was
  // built for another SDK ABI, or repeats a name already found is skipped and listed in
  // problems(), as is a directory that does not exist. Never throws for a bad library.
  explicit Registry(std::vector<std::filesystem::path> search_path);
  ~Registry();
  Registry(Registry&&) noexcept;
  Registry& operator=(Registry&&) noexcept;

  const std::vector<PluginInfo>& plugins() const;
  const std::vector<std::string>& problems() const;
  const std::vector<std::filesystem::path>& directories() const;
  // Defaults a plugin directory ships in its defaults.json, by section:
  // {"dense": {"kernel_initializer": "he_uniform", "bias_initializer": "zeros"}}.
  // The first directory on the search path wins per key; the core itself names no plugin.
  const Json& defaults() const;

  // Keras-style matching: case and underscores are ignored, so glorot_uniform,
  // GlorotUniform and glorotuniform are one name. nullptr when absent.
  const PluginInfo* lookup(Kind kind, std::string_view name) const;
  // As lookup, but an absent name is an Error naming `where`, the nearest names of that
  // kind and how to list them.
  const PluginInfo& find(Kind kind, std::string_view name, std::string_view where = {}) const;

  // Creates a plugin object. `params` is a JSON object (or null); it is checked against
  // the plugin's schema. Any problem is an Error that starts with `where`.
  template <class T>
  Loaded<T> create(std::string_view name, const Json& params = Json::object(), std::string_view where = {}) const {
    auto [library, object, canonical] = create_any(kind_of<T>(), name, params, where);
    // A descriptor's kind is the plugin's word; the object's type is checked, not trusted.
    T* typed = dynamic_cast<T*>(object.get());
    if (!typed)
      throw Error(std::string(where) + (where.empty() ? "" : ": ") + kind_name(kind_of<T>()) + " plugin '" + canonical +
                  "' created an object that is not a " + kind_name(kind_of<T>()) + "; the plugin is broken");
    object.release();
    return Loaded<T>(std::move(library), std::unique_ptr<T>(typed), std::move(canonical));
  }

 private:
  struct Created {
    std::shared_ptr<boost::dll::shared_library> library;
    std::unique_ptr<Plugin> object;
    std::string name;
  };
  Created create_any(Kind kind, std::string_view name, const Json& params, std::string_view where) const;

  struct State;
  std::unique_ptr<State> state_;
};

// "he_uniform", "HeUniform" -> "heuniform".
std::string normalize_name(std::string_view name);

}  // namespace nnplug
