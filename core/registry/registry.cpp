#include <nnplug/config/checked_params.hpp>
#include <nnplug/registry/registry.hpp>

#include "registry_library.hpp"
#include "registry_trust.hpp"

#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <utility>

namespace nnplug {
namespace fs = std::filesystem;

struct Registry::State {
  std::vector<fs::path> directories;
  std::vector<PluginInfo> plugins;
  // Parallel to `plugins`: each library stays loaded while the registry lives, so
  // create() is cheap; objects hold their own reference, so they may outlive it.
  std::vector<std::shared_ptr<boost::dll::shared_library>> libraries;
  std::vector<std::unique_ptr<Plugin> (*)(const Params&)> factories;
  std::vector<std::string> problems;
  std::map<std::pair<Kind, std::string>, std::size_t> by_name;  // normalised name or alias -> index
  Json defaults = Json::object();
  RegistryOptions options;
  fs::path builtin;  // the built-in plugins' directory, canonical; empty when none

  void scan(const fs::path& dir);
  bool trusted(const fs::path& path, const char* what);
  bool is_builtin(const fs::path& file) const;
  void read_defaults(const fs::path& file);
  void add(detail::OpenedPlugin opened);
};

namespace {

std::vector<fs::path> libraries_in(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error))
    if (entry.path().extension() == ".so" && !entry.is_directory(error)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// A skipped file whose name contains the plugin name wanted: most likely the plugin the
// user meant, so its problem belongs in the "not found" message.
std::string skipped_like(const std::vector<std::string>& problems, const std::string& key) {
  for (const auto& problem : problems) {
    const std::string file = problem.substr(0, problem.find(": "));
    if (fold_name(fs::path(file).stem().string()).find(key) != std::string::npos) return " A file that may be it was skipped: " + problem + ".";
  }
  return {};
}

}  // namespace

bool Registry::State::trusted(const fs::path& path, const char* what) {
  if (options.allow_insecure) return true;
  std::string reason = detail::why_untrusted(path, what);
  if (reason.empty()) return true;
  problems.push_back(std::move(reason));
  return false;
}

bool Registry::State::is_builtin(const fs::path& file) const {
  std::error_code error;
  return !builtin.empty() && fs::weakly_canonical(file.parent_path(), error) == builtin;
}

void Registry::State::scan(const fs::path& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    problems.push_back(dir.string() + ": plugin directory does not exist; check --plugins and NNPLUG_PLUGIN_PATH");
    return;
  }
  if (!trusted(dir, "directory")) return;
  if (fs::exists(dir / "defaults.json", error)) read_defaults(dir / "defaults.json");
  for (const auto& file : libraries_in(dir)) {
    if (!trusted(file, "file")) continue;
    auto opened = detail::open_plugin_library(file);
    if (opened.plugin) {
      add(std::move(*opened.plugin));
    } else {
      problems.push_back(std::move(opened.problem));
    }
  }
}

// {"dense": {"kernel_initializer": "he_uniform", ...}}: per key, the first directory
// on the search path that sets it wins, like plugin names.
void Registry::State::read_defaults(const fs::path& file) {
  Json loaded;
  std::error_code error;
  // A FIFO or device would block or never end; a plugin directory's defaults are small.
  if (!fs::is_regular_file(file, error) || fs::file_size(file, error) > (1u << 20)) {
    problems.push_back(file.string() + ": not a regular file of at most 1 MiB, ignored; make it a JSON file");
    return;
  }
  try {
    std::ifstream in(file);
    loaded = Json::parse(in);
  } catch (const std::exception& e) {
    problems.push_back(file.string() + ": not valid JSON, ignored (" + e.what() + ")");
    return;
  }
  if (!loaded.is_object()) {
    problems.push_back(file.string() + ": must be a JSON object of sections, ignored");
    return;
  }
  for (const auto& [section, values] : loaded.items()) {
    if (!values.is_object()) continue;
    for (const auto& [key, value] : values.items())
      if (!defaults[section].contains(key)) defaults[section][key] = value;
  }
}

void Registry::State::add(detail::OpenedPlugin opened) {
  const PluginInfo& info = opened.info;
  std::vector<std::string> keys;
  try {
    keys.push_back(normalize_name(info.name));
    for (const auto& alias : info.aliases) keys.push_back(normalize_name(alias));
  } catch (const Error& e) {
    problems.push_back(info.file.string() + ": plugin declares an invalid name: " + e.what());
    return;
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto taken = by_name.find({info.kind, keys[i]});
    if (taken == by_name.end()) continue;
    const std::string spelled = i == 0 ? info.name : info.aliases[i - 1];
    const fs::path& first = plugins[taken->second].file;
    // The user's directories come first on the search path, so their plugin wins; say so,
    // since the config then silently runs other code than the built-in it names.
    if (is_builtin(info.file) && !is_builtin(first)) {
      problems.push_back(first.string() + ": shadows the built-in " + kind_name(info.kind) + " plugin '" + spelled +
                         "' (" + info.file.string() + "), which is not used; rename or remove it to use the built-in");
      return;
    }
    problems.push_back(info.file.string() + ": " + kind_name(info.kind) + " plugin name '" + spelled +
                       "' is already provided by " + plugins[taken->second].file.string() +
                       "; keeping the first on the search path");
    return;
  }
  const std::size_t index = plugins.size();
  for (auto& key : keys) by_name.emplace(std::pair{info.kind, std::move(key)}, index);
  plugins.push_back(std::move(opened.info));
  libraries.push_back(std::move(opened.library));
  factories.push_back(opened.create);
}

Registry::Registry(std::vector<fs::path> search_path, RegistryOptions options) : state_(std::make_unique<State>()) {
  state_->directories = std::move(search_path);
  state_->options = options;
  if (const fs::path builtin = builtin_directory(); !builtin.empty()) {
    std::error_code error;
    state_->builtin = fs::weakly_canonical(builtin, error);
  }
  for (const auto& dir : state_->directories) state_->scan(dir);
}

Registry::~Registry() = default;
Registry::Registry(Registry&&) noexcept = default;
Registry& Registry::operator=(Registry&&) noexcept = default;

const std::vector<PluginInfo>& Registry::plugins() const { return state_->plugins; }
const std::vector<std::string>& Registry::problems() const { return state_->problems; }
const std::vector<fs::path>& Registry::directories() const { return state_->directories; }
const Json& Registry::defaults() const { return state_->defaults; }

const PluginInfo* Registry::lookup(Kind kind, std::string_view name) const {
  const auto found = state_->by_name.find({kind, normalize_name(name)});
  return found == state_->by_name.end() ? nullptr : &state_->plugins[found->second];
}

const PluginInfo& Registry::find(Kind kind, std::string_view name, std::string_view where) const {
  std::string key;
  try {
    key = normalize_name(name);
  } catch (const Error& e) {
    throw Error(located(where, e.what()));
  }
  if (const PluginInfo* info = lookup(kind, name)) return *info;

  // Compare normalised spellings, show canonical names.
  std::vector<std::string> candidates;
  std::map<std::string, std::string> canonical_of;
  std::string other_kind;
  for (const auto& [entry, index] : state_->by_name) {
    const PluginInfo& info = state_->plugins[index];
    if (entry.first == kind) {
      candidates.push_back(entry.second);
      canonical_of.emplace(entry.second, info.name);
    } else if (entry.second == key && other_kind.empty()) {
      other_kind = std::string(" ('") + info.name + "' is a " + kind_name(info.kind) + " plugin, not " +
                   (kind == Kind::optimizer || kind == Kind::initializer ? "an " : "a ") + kind_name(kind) + ".)";
    }
  }
  std::vector<std::string> suggestions;
  for (const auto& near : nearest(key, candidates, 6)) {
    const std::string& shown = canonical_of[near];
    if (std::find(suggestions.begin(), suggestions.end(), shown) == suggestions.end()) suggestions.push_back(shown);
  }
  if (suggestions.size() > 3) suggestions.resize(3);

  std::string searched;
  for (const auto& dir : state_->directories) searched += (searched.empty() ? "" : ", ") + dir.string();
  std::string message = "no " + std::string(kind_name(kind)) + " plugin named '" + std::string(name) + "'.";
  if (!suggestions.empty()) {
    message += " Did you mean '" + join(suggestions, "', '") + "'?";
  } else if (!canonical_of.empty()) {
    // Nothing is close: name what there is, so the user can pick without another command.
    std::vector<std::string> installed;
    for (const auto& info : state_->plugins)
      if (info.kind == kind) installed.push_back(info.name);
    message += std::string(" Installed ") + kind_name(kind) + " plugins: " + join(installed, ", ") + ".";
  }
  message += other_kind;
  message += skipped_like(state_->problems, key);
  message += std::string(" Run 'nnplug plugins --kind ") + kind_name(kind) + "' to list them (searched: " +
             (searched.empty() ? "no directories" : searched) + ")";
  if (!state_->problems.empty())
    message += "; " + std::to_string(state_->problems.size()) + " file(s) were skipped, 'nnplug plugins' says why";
  throw Error(located(where, message + "."));
}

Registry::Created Registry::create_any(Kind kind, std::string_view name, const Json& params,
                                       std::string_view where) const {
  const PluginInfo& info = find(kind, name, where);
  const std::size_t index = static_cast<std::size_t>(&info - state_->plugins.data());
  const Params checked = checked_params(info.name, info.schema, params, where);
  std::unique_ptr<Plugin> object;
  try {
    object = state_->factories[index](checked);
  } catch (const ParamError& e) {
    throw Error(located(where, e.what()));
  } catch (const std::exception& e) {
    throw Error(located(where, std::string(kind_name(kind)) + " '" + info.name + "' (" + info.file.string() +
                                    ") failed to start: " + e.what()));
  } catch (...) {
    throw Error(located(where, std::string(kind_name(kind)) + " '" + info.name + "' (" + info.file.string() +
                                    ") failed to start with a non-standard exception"));
  }
  if (!object)
    throw Error(located(where, std::string(kind_name(kind)) + " '" + info.name + "' returned no object"));
  return {state_->libraries[index], std::move(object), &info};
}

}  // namespace nnplug
