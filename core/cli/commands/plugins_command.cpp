// nnplug plugins: every plugin found, a line each.
#include "../cli.hpp"

#include <iomanip>
#include <iostream>

namespace nnplug::cli {

namespace {

// --verbose: where plugins were looked for, and each file or directory passed over and why.
void print_search(const Registry& registry) {
  const auto builtin = Registry::builtin_directory();
  std::cout << "search path (first wins):\n";
  for (const auto& dir : registry.directories())
    std::cout << "  " << dir.string() << (!builtin.empty() && dir == builtin ? "  (built-in)" : "") << "\n";
  std::cout << (registry.problems().empty() ? "nothing skipped\n" : "skipped or shadowed:\n");
  for (const auto& problem : registry.problems()) std::cout << "  " << problem << "\n";
}

}  // namespace

int list_plugins(const Command& command) {
  expect_arguments(command, 0, "no arguments");
  const auto kind = kind_option(command);
  const bool verbose = command.options.count("verbose") > 0;
  const auto registry = verbose ? Registry(Registry::search_path(plugin_dirs(command)), registry_options(command))
                                : open_registry(command);
  if (verbose) print_search(registry);
  std::size_t width = 4, version_width = 7;
  for (const auto& info : registry.plugins()) {
    width = std::max(width, info.name.size());
    version_width = std::max(version_width, info.version.size());
  }
  for (const auto& info : registry.plugins()) {
    if (kind && info.kind != *kind) continue;
    std::cout << std::left << std::setw(int(width) + 2) << info.name << std::setw(int(version_width) + 2) << info.version
              << std::setw(13) << kind_name(info.kind) << info.summary << "  [" << info.file.string() << "]\n";
  }
  if (registry.plugins().empty())
    std::cout << "no plugins found; searched: " << [&] {
      std::string dirs;
      for (const auto& dir : registry.directories()) dirs += (dirs.empty() ? "" : ", ") + dir.string();
      return dirs.empty() ? std::string("(nothing)") : dirs;
    }() << "\n";
  return 0;
}

}  // namespace nnplug::cli
