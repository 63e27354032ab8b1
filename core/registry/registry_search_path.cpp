// Where plugins are looked for, and what counts as the same name.
#include <nnplug/registry/registry.hpp>

#include <boost/dll/runtime_symbol_info.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>

namespace nnplug {
namespace fs = std::filesystem;
namespace {

// Two spellings of one directory ("plugins", "./plugins/") must not be scanned twice.
fs::path identity_of(const fs::path& dir) {
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(dir, error);
  return error ? dir.lexically_normal() : canonical;
}

std::vector<fs::path> environment_dirs() {
  std::vector<fs::path> dirs;
  const char* value = std::getenv("NNPLUG_PLUGIN_PATH");
  std::istringstream in(value ? value : "");
  for (std::string entry; std::getline(in, entry, ':');)
    if (!entry.empty()) dirs.emplace_back(entry);
  return dirs;
}

std::vector<fs::path> installed_dir() {
  std::error_code error;
  const fs::path program = boost::dll::program_location(error);
  if (error) return {};
  const fs::path dir = (program.parent_path() / ".." / "lib" / "nnplug" / "plugins").lexically_normal();
  return fs::is_directory(dir, error) ? std::vector<fs::path>{dir} : std::vector<fs::path>{};
}

}  // namespace

std::vector<fs::path> Registry::search_path(const std::vector<fs::path>& cli_dirs) {
  std::vector<fs::path> out;
  std::vector<fs::path> seen;
  for (const auto& group : {cli_dirs, environment_dirs(), installed_dir()}) {
    for (const auto& dir : group) {
      const fs::path identity = identity_of(dir);
      if (std::find(seen.begin(), seen.end(), identity) != seen.end()) continue;
      seen.push_back(identity);
      out.push_back(dir);
    }
  }
  return out;
}

std::filesystem::path Registry::builtin_directory() {
  const auto dirs = installed_dir();
  return dirs.empty() ? fs::path() : dirs.front();
}

}  // namespace nnplug
