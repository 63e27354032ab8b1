#pragma once
// Opening one candidate plugin file: checked on disk first, loaded only when it exports
// an nnplug descriptor, and its descriptor copied into host memory.
#include <nnplug/registry/registry.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace nnplug::detail {

struct OpenedPlugin {
  PluginInfo info;
  std::shared_ptr<boost::dll::shared_library> library;
  // Lives in the library's memory, so it is only called while `library` is held.
  std::unique_ptr<Plugin> (*create)(const Params&) = nullptr;
};

// Either a plugin or the reason the file is not one (a problem line naming the file).
struct OpenResult {
  std::optional<OpenedPlugin> plugin;
  std::string problem;
};

OpenResult open_plugin_library(const std::filesystem::path& file);

}  // namespace nnplug::detail
