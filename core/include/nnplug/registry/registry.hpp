#pragma once
// Finds plugin libraries on a search path, reads their descriptors and creates plugin
// objects by name. Every object keeps its library loaded for as long as it lives.
#include <nnplug/base/error.hpp>
#include <nnplug/base/names.hpp>
#include <nnplug/registry/loaded.hpp>
#include <nnplug/sdk.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace nnplug {

// What a descriptor said, copied into host memory.
struct PluginInfo {
  Kind kind{};
  std::string name;
  std::vector<std::string> aliases;
  std::string version;  // the plugin's own
  std::string summary;
  Json schema;
  std::filesystem::path file;
};

// How strict the registry is about where plugin code comes from.
struct RegistryOptions {
  // Load plugins from directories and files that others than their owner may write, or
  // that another user owns (OpenSSH's StrictModes refuses those; so does nnplug by default).
  bool allow_insecure = false;
};

class Registry {
 public:
  // cli_dirs (--plugins, in order), then NNPLUG_PLUGIN_PATH (':'-separated), then
  // <directory of the running executable>/../lib/nnplug/plugins if it exists.
  static std::vector<std::filesystem::path> search_path(const std::vector<std::filesystem::path>& cli_dirs = {});
  // The installed plugins' directory (the last on the search path), whose names are the
  // built-in ones; empty when there is none.
  static std::filesystem::path builtin_directory();

  // Scans every directory for *.so files. A library that is not an nnplug plugin, was
  // built for another SDK ABI or with another build fingerprint, cannot be loaded with
  // all its symbols bound, or repeats a name already found (it would shadow the first) is
  // skipped and listed in problems(), as is a directory that does not exist. A directory or
  // library that is group- or world-writable, or owned by another user than root or the
  // one running, is skipped too (unless options.allow_insecure), and a plugin that takes
  // a built-in plugin's name is reported as shadowing it. Never throws for a bad library. Libraries load with immediate binding (RTLD_NOW) and stay loaded
  // while the registry or an object created from them lives; the last holder unloads them.
  explicit Registry(std::vector<std::filesystem::path> search_path, RegistryOptions options = {});
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

  // Creates a plugin object. `params` is a JSON object (or null); it is validated against
  // the plugin's schema and its defaults filled in before the plugin sees it. Any problem
  // is an Error that starts with `where`.
  template <class T>
  Loaded<T> create(std::string_view name, const Json& params = Json::object(), std::string_view where = {}) const {
    auto [library, object, info] = create_any(kind_of<T>(), name, params, where);
    // A descriptor's kind is the plugin's word; the object's type is checked, not trusted.
    T* typed = dynamic_cast<T*>(object.get());
    if (!typed)
      throw Error(located(where, std::string(kind_name(kind_of<T>())) + " plugin '" + info->name + "' (" +
                                     info->file.string() + ") created an object that is not a " +
                                     kind_name(kind_of<T>()) + "; the plugin is broken"));
    object.release();
    return Loaded<T>(std::move(library), std::unique_ptr<T>(typed), info->name, info->file.string());
  }

 private:
  struct Created {
    std::shared_ptr<boost::dll::shared_library> library;
    std::unique_ptr<Plugin> object;
    const PluginInfo* info;
  };
  Created create_any(Kind kind, std::string_view name, const Json& params, std::string_view where) const;

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace nnplug
