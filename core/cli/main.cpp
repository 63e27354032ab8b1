// The nnplug host: parses the command line and runs one subcommand (commands/).
#include "cli.hpp"

#include <nnplug/compute/gemm.hpp>

#include <iostream>

namespace po = boost::program_options;
using nnplug::Error;
using namespace nnplug::cli;

namespace {

Command parse(int argc, char** argv, const po::options_description& visible) {
  po::options_description hidden;
  hidden.add_options()("command", po::value<std::string>())("arguments", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("command", 1).add("arguments", -1);
  Command command;
  po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), command.options);
  po::notify(command.options);
  if (command.options.count("command")) command.name = command.options["command"].as<std::string>();
  if (command.options.count("arguments")) command.arguments = command.options["arguments"].as<std::vector<std::string>>();
  return command;
}

int run(const Command& command) {
  for (const auto& subcommand : subcommands())
    if (command.name == subcommand.name) return subcommand.run(command);
  std::vector<std::string> names;
  for (const auto& subcommand : subcommands()) names.emplace_back(subcommand.name);
  throw Error("unknown command '" + command.name + "'" + nnplug::did_you_mean(command.name, names) + "\n" +
              usage_text());
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description visible("options");
  visible.add_options()("help,h", "show this help")("version", "show the version")(
      "plugins,p", po::value<std::vector<std::string>>()->composing(), "also search DIR for plugins (repeatable)")(
      "threads,t", po::value<int>(), "threads for the math (1 = bit-reproducible)")(
      "kind,k", po::value<std::string>(), kinds_text().c_str())(
      "quiet,q", "no progress output")("overwrite", "train, check: replace a previous run in output.dir")(
      "allow-insecure-plugins", "load plugins from directories or files others may write")(
      "verbose,v", "plugins: also the search path and every file skipped, and why")("output,o", po::value<std::string>(), "plot: the SVG file to write (default plot.svg)");
  try {
    const Command command = parse(argc, argv, visible);
    if (command.options.count("version"))
      return std::cout << "nnplug " << NNPLUG_VERSION << " (SDK ABI " << nnplug::sdk_abi_version << "; "
                       << nnplug::build_fingerprint << "; GEMM " << nnplug::gemm_backend().name << " "
                       << nnplug::gemm_backend().version << ")\n",
             0;
    if (command.options.count("help") || command.name.empty()) {
      std::cout << usage_text() << "\n" << visible;
      return command.name.empty() && !command.options.count("help") ? 2 : 0;
    }
    return run(command);
  } catch (const po::error& e) {
    std::cerr << "nnplug: error: " << e.what() << " (see 'nnplug --help')\n";
  } catch (const Error& e) {
    std::cerr << "nnplug: error: " << e.what() << "\n";
  } catch (const std::bad_alloc&) {
    std::cerr << "nnplug: error: out of memory; use a smaller batch_size or model\n";
  } catch (const std::exception& e) {
    std::cerr << "nnplug: error: " << e.what() << "\n";
  }
  return 2;
}
