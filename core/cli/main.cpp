// The nnplug host: train from a config, plot runs, list plugins, describe one.
#include <nnplug/config/json_schema.hpp>
#include <nnplug/base/files.hpp>
#include <nnplug/optimizer/optimizer_runner.hpp>
#include <nnplug/plot/history_plot.hpp>
#include <nnplug/registry/registry.hpp>
#include <nnplug/train/training_run.hpp>

#include <boost/program_options.hpp>

#include <iomanip>
#include <iostream>

namespace po = boost::program_options;
using nnplug::Error;

namespace {

constexpr const char* usage = R"(usage:
  nnplug train CONFIG [--plugins DIR]... [--threads N] [--quiet]
  nnplug plot RUN_DIR... [-o FILE.svg]
  nnplug plugins [--kind KIND] [--plugins DIR]...
  nnplug describe NAME [--kind KIND] [--plugins DIR]...
)";

std::string kinds_text() {
  std::vector<std::string> names;
  for (auto kind : nnplug::all_kinds) names.emplace_back(nnplug::kind_name(kind));
  return nnplug::join(names, ", ");
}

struct Command {
  std::string name;
  std::vector<std::string> arguments;
  po::variables_map options;
};

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

std::optional<nnplug::Kind> kind_option(const Command& command) {
  if (!command.options.count("kind")) return std::nullopt;
  std::string text = command.options["kind"].as<std::string>();
  if (auto kind = nnplug::kind_from_name(text)) return kind;
  if (!text.empty() && text.back() == 's')
    if (auto kind = nnplug::kind_from_name(text.substr(0, text.size() - 1))) return kind;
  throw Error("--kind " + text + ": unknown kind; use one of " + kinds_text());
}

void expect_arguments(const Command& command, std::size_t count, const char* what) {
  if (command.arguments.size() != count)
    throw Error("nnplug " + command.name + " takes " + what + "\n" + usage);
}

nnplug::Registry open_registry(const Command& command) {
  nnplug::Registry registry(nnplug::Registry::search_path(plugin_dirs(command)));
  for (const auto& problem : registry.problems()) std::cerr << "nnplug: warning: " << problem << "\n";
  return registry;
}

int list_plugins(const Command& command) {
  expect_arguments(command, 0, "no arguments");
  const auto kind = kind_option(command);
  const auto registry = open_registry(command);
  std::size_t width = 4, version_width = 7;
  for (const auto& info : registry.plugins()) {
    width = std::max(width, info.name.size());
    version_width = std::max(version_width, info.version.size());
  }
  for (const auto& info : registry.plugins()) {
    if (kind && info.kind != *kind) continue;
    std::cout << std::left << std::setw(int(width) + 2) << info.name << std::setw(int(version_width) + 2) << info.version
              << std::setw(13) << nnplug::kind_name(info.kind) << info.summary << "  [" << info.file.string() << "]\n";
  }
  if (registry.plugins().empty())
    std::cout << "no plugins found; searched: " << [&] {
      std::string dirs;
      for (const auto& dir : registry.directories()) dirs += (dirs.empty() ? "" : ", ") + dir.string();
      return dirs.empty() ? std::string("(nothing)") : dirs;
    }() << "\n";
  return 0;
}

void print_parameters(const nnplug::Json& schema) {
  const auto& properties = schema.contains("properties") ? schema["properties"] : nnplug::Json::object();
  if (properties.empty()) std::cout << "  (none)\n";
  for (const auto& [key, spec] : properties.items()) {
    const auto types = nnplug::schema_types(spec);
    std::cout << "  " << key << " (" << (types.empty() ? std::string("any") : nnplug::join(types, "|"))
              << nnplug::schema_range_text(spec) << ")";
    if (spec.contains("default")) std::cout << ", default " << spec["default"].dump();
    else std::cout << ", required";
    if (spec.contains("enum")) std::cout << ", one of " << spec["enum"].dump();
    if (spec.contains("description")) std::cout << ": " << spec["description"].get<std::string>();
    std::cout << "\n";
  }
}

int describe_plugin(const Command& command) {
  expect_arguments(command, 1, "one plugin NAME");
  const auto registry = open_registry(command);
  const std::string& name = command.arguments.front();
  const nnplug::PluginInfo* info = nullptr;
  if (auto kind = kind_option(command)) {
    info = &registry.find(*kind, name, "describe");
  } else {
    for (auto kind : nnplug::all_kinds)
      if (!info) info = registry.lookup(kind, name);
    if (!info) {
      std::vector<std::string> names;
      for (const auto& plugin : registry.plugins()) names.push_back(plugin.name);
      throw Error("describe: no plugin named '" + name + "'" + nnplug::did_you_mean(name, names) +
                  " Run 'nnplug plugins' to list them");
    }
  }
  std::cout << info->name << " " << info->version << " (" << nnplug::kind_name(info->kind) << "): " << info->summary
            << "\n";
  if (!info->aliases.empty()) std::cout << "aliases: " << nnplug::join(info->aliases, ", ") << "\n";
  std::cout << "file: " << info->file.string() << "\nparameters:\n";
  print_parameters(info->schema);
  if (info->kind == nnplug::Kind::optimizer) {
    std::cout << "options the core applies to every optimizer (also accepted: lr for learning_rate):\n";
    print_parameters(nnplug::base_optimizer_schema());
  }
  return 0;
}

int train(const Command& command) {
  expect_arguments(command, 1, "one CONFIG file");
  nnplug::TrainRequest request;
  request.config = command.arguments.front();
  request.plugin_dirs = plugin_dirs(command);
  if (command.options.count("threads")) request.threads = command.options["threads"].as<int>();
  if (command.options.count("quiet")) request.out = nullptr;
  const auto result = nnplug::run_training(request);
  if (request.out)
    std::cout << "wrote " << (result.output_dir / "weights.npz").string() << ", "
              << (result.output_dir / "history.csv").string()
              << (result.test ? ", " + (result.output_dir / "metrics.json").string() : std::string()) << "\n";
  return 0;
}

int plot(const Command& command) {
  if (command.arguments.empty()) throw Error("nnplug plot takes one or more RUN_DIRs\n" + std::string(usage));
  std::vector<nnplug::PlotRun> runs;
  for (const auto& run : command.arguments) runs.push_back({run, nnplug::read_history(run)});
  const std::filesystem::path output =
      command.options.count("output") ? command.options["output"].as<std::string>() : "plot.svg";
  nnplug::write_text_atomically(output, nnplug::plot_histories(runs));
  std::cout << "wrote " << output.string() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description visible("options");
  visible.add_options()("help,h", "show this help")("version", "show the version")(
      "plugins,p", po::value<std::vector<std::string>>()->composing(), "also search DIR for plugins (repeatable)")(
      "threads,t", po::value<int>(), "threads for the math (1 = bit-reproducible)")(
      "kind,k", po::value<std::string>(), kinds_text().c_str())(
      "quiet,q", "no progress output")("output,o", po::value<std::string>(), "plot: the SVG file to write (default plot.svg)");
  try {
    const Command command = parse(argc, argv, visible);
    if (command.options.count("version"))
      return std::cout << "nnplug " << NNPLUG_VERSION << " (SDK ABI " << nnplug::sdk_abi_version << "; "
                       << nnplug::build_fingerprint << ")\n",
             0;
    if (command.options.count("help") || command.name.empty()) {
      std::cout << usage << "\n" << visible;
      return command.name.empty() && !command.options.count("help") ? 2 : 0;
    }
    if (command.name == "train") return train(command);
    if (command.name == "plot") return plot(command);
    if (command.name == "plugins") return list_plugins(command);
    if (command.name == "describe") return describe_plugin(command);
    throw Error("unknown command '" + command.name + "'\n" + usage);
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
