// nnplug describe: one plugin's summary, aliases, file and parameters.
#include "../cli.hpp"

#include <nnplug/config/json_schema.hpp>
#include <nnplug/optimizer/optimizer_runner.hpp>

#include <iostream>

namespace nnplug::cli {

namespace {

void print_parameters(const Json& schema) {
  const auto& properties = schema.contains("properties") ? schema["properties"] : Json::object();
  if (properties.empty()) std::cout << "  (none)\n";
  for (const auto& [key, spec] : properties.items()) {
    const auto types = schema_types(spec);
    std::cout << "  " << key << " (" << (types.empty() ? std::string("any") : join(types, "|"))
              << schema_range_text(spec) << ")";
    if (spec.contains("default")) std::cout << ", default " << spec["default"].dump();
    else std::cout << ", required";
    if (spec.contains("enum")) std::cout << ", one of " << spec["enum"].dump();
    if (spec.contains("description")) std::cout << ": " << spec["description"].get<std::string>();
    std::cout << "\n";
  }
}

}  // namespace

int describe_plugin(const Command& command) {
  expect_arguments(command, 1, "one plugin NAME");
  const auto registry = open_registry(command);
  const std::string& name = command.arguments.front();
  const PluginInfo* info = nullptr;
  if (auto kind = kind_option(command)) {
    info = &registry.find(*kind, name, "describe");
  } else {
    for (auto kind : all_kinds)
      if (!info) info = registry.lookup(kind, name);
    if (!info) {
      std::vector<std::string> names;
      for (const auto& plugin : registry.plugins()) names.push_back(plugin.name);
      throw Error("describe: no plugin named '" + name + "'" + did_you_mean(name, names) +
                  " Run 'nnplug plugins' to list them");
    }
  }
  std::cout << info->name << " " << info->version << " (" << kind_name(info->kind) << "): " << info->summary << "\n";
  if (!info->aliases.empty()) std::cout << "aliases: " << join(info->aliases, ", ") << "\n";
  std::cout << "file: " << info->file.string() << "\nparameters:\n";
  print_parameters(info->schema);
  if (info->kind == Kind::optimizer) {
    std::cout << "options the core applies to every optimizer (also accepted: lr for learning_rate):\n";
    print_parameters(base_optimizer_schema());
  }
  return 0;
}

}  // namespace nnplug::cli
