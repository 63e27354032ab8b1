// What every nnplug subcommand shares: the parsed command line and the helpers that read it.
#pragma once

#include <nnplug/registry/registry.hpp>
#include <nnplug/train/training_run.hpp>

#include <boost/program_options.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace nnplug::cli {

struct Command {
  std::string name;
  std::vector<std::string> arguments;
  boost::program_options::variables_map options;
};

// One subcommand: its usage line for the help text and what runs it. Returns the exit code.
struct Subcommand {
  const char* name;
  const char* usage;
  int (*run)(const Command&);
};

// Every subcommand, in the order the help lists them (commands.cpp).
const std::vector<Subcommand>& subcommands();
std::string usage_text();

std::string kinds_text();
std::vector<std::filesystem::path> plugin_dirs(const Command& command);
std::optional<Kind> kind_option(const Command& command);
void expect_arguments(const Command& command, std::size_t count, const char* what);
// --allow-insecure-plugins.
RegistryOptions registry_options(const Command& command);
// The registry of the default search path plus --plugins, its problems printed as warnings.
Registry open_registry(const Command& command);
// What train and check share: the config argument, --plugins, --threads, --overwrite,
// --allow-insecure-plugins.
TrainRequest training_request(const Command& command);

}  // namespace nnplug::cli
