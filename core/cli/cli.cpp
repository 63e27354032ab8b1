#include "cli.hpp"

#include <iostream>

namespace nnplug::cli {

std::string usage_text() {
  std::string text = "usage:\n";
  for (const auto& command : subcommands()) text += std::string("  nnplug ") + command.usage + "\n";
  return text;
}

std::string kinds_text() {
  std::vector<std::string> names;
  for (auto kind : all_kinds) names.emplace_back(kind_name(kind));
  return join(names, ", ");
}

std::vector<std::filesystem::path> plugin_dirs(const Command& command) {
  std::vector<std::filesystem::path> dirs;
  if (!command.options.count("plugins")) return dirs;
  for (const auto& dir : command.options["plugins"].as<std::vector<std::string>>()) {
    if (!std::filesystem::is_directory(dir))
      throw Error("--plugins " + dir + ": not a directory; give a folder that contains plugin .so files");
    dirs.emplace_back(dir);
  }
  return dirs;
}

std::optional<Kind> kind_option(const Command& command) {
  if (!command.options.count("kind")) return std::nullopt;
  std::string text = command.options["kind"].as<std::string>();
  if (auto kind = kind_from_name(text)) return kind;
  if (!text.empty() && text.back() == 's')
    if (auto kind = kind_from_name(text.substr(0, text.size() - 1))) return kind;
  throw Error("--kind " + text + ": unknown kind; use one of " + kinds_text());
}

void expect_arguments(const Command& command, std::size_t count, const char* what) {
  if (command.arguments.size() != count) throw Error("nnplug " + command.name + " takes " + what + "\n" + usage_text());
}

RegistryOptions registry_options(const Command& command) {
  return {.allow_insecure = command.options.count("allow-insecure-plugins") > 0};
}

TrainRequest training_request(const Command& command) {
  expect_arguments(command, 1, "one CONFIG file");
  TrainRequest request;
  request.config = command.arguments.front();
  request.plugin_dirs = plugin_dirs(command);
  if (command.options.count("threads")) request.threads = command.options["threads"].as<int>();
  request.overwrite = command.options.count("overwrite") > 0;
  request.allow_insecure_plugins = command.options.count("allow-insecure-plugins") > 0;
  return request;
}

Registry open_registry(const Command& command) {
  Registry registry(Registry::search_path(plugin_dirs(command)), registry_options(command));
  for (const auto& problem : registry.problems()) std::cerr << "nnplug: warning: " << problem << "\n";
  return registry;
}

}  // namespace nnplug::cli
