// nnplug test-plugin FILE.so: the contract checks the built-in plugins pass, run on one
// library of one's own (core/plugin_check). Exit 0 when every rule holds, 2 otherwise.
#include "../cli.hpp"

#include <nnplug/plugin_check/plugin_check.hpp>

#include <unistd.h>

#include <iostream>

namespace nnplug::cli {
namespace fs = std::filesystem;

namespace {

// A private directory holding only a link to the library, so the registry scans that one
// file and nothing on the search path can shadow it. Removed when it goes.
class LoneLibraryDir {
 public:
  explicit LoneLibraryDir(const fs::path& library)
      : dir_(fs::temp_directory_path() / ("nnplug-test-plugin-" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::create_symlink(fs::absolute(library), link());
  }
  fs::path link() const { return dir_ / "plugin.so"; }
  ~LoneLibraryDir() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  LoneLibraryDir(const LoneLibraryDir&) = delete;
  LoneLibraryDir& operator=(const LoneLibraryDir&) = delete;
  const fs::path& path() const { return dir_; }
  // `text` with the link's path replaced by the library's, so messages name the user's file.
  std::string unlinked(std::string text, const fs::path& library) const {
    const std::string linked = link().string();
    for (auto at = text.find(linked); at != std::string::npos; at = text.find(linked, at + 1))
      text.replace(at, linked.size(), library.string());
    return text;
  }

 private:
  fs::path dir_;
};

}  // namespace

int test_plugin(const Command& command) {
  expect_arguments(command, 1, "one plugin library FILE.so");
  const fs::path file = command.arguments.front();
  if (!fs::is_regular_file(file))
    throw Error("test-plugin " + file.string() + ": no such file; give the plugin's .so (e.g. build/my_plugin.so)");
  const LoneLibraryDir dir(file);
  const Registry registry({dir.path()});

  std::vector<RuleViolation> violations;
  for (const auto& problem : registry.problems()) violations.push_back({"loads", dir.unlinked(problem, file)});
  if (registry.plugins().empty() && violations.empty()) violations.push_back({"loads", "no nnplug plugin found"});
  for (const auto& plugin : registry.plugins()) {
    const auto found = check_plugin(registry, plugin);
    std::cout << kind_name(plugin.kind) << " '" << plugin.name << "' " << plugin.version << ": "
              << (found.empty() ? "every rule holds" : std::to_string(found.size()) + " broken") << " ("
              << plugin_rules().size() << " rules)\n";
    for (const auto& violation : found) violations.push_back({violation.rule, dir.unlinked(violation.detail, file)});
  }
  if (violations.empty()) return 0;
  std::cout << file.string() << " breaks " << violations.size() << " rule" << (violations.size() == 1 ? "" : "s")
            << " of the plugin contract (docs/writing-plugins.md):\n";
  for (const auto& violation : violations)
    std::cout << "  " << violation.rule << ": " << violation.detail << "\n    rule: " << rule_text(violation.rule) << "\n";
  return 2;
}

}  // namespace nnplug::cli
