// nnplug schema: one JSON Schema for config files, for editors (README: "Editing configs").
#include "../cli.hpp"

#include <nnplug/config/json_schema.hpp>
#include <nnplug/train/whole_config_schema.hpp>

#include <iostream>

namespace nnplug::cli {

int write_schema(const Command& command) {
  expect_arguments(command, 0, "no arguments (redirect its output to a file)");
  const Json schema = whole_config_schema(open_registry(command));
  // A plugin's schema passed check_schema when it loaded; the assembly must hold too.
  if (const auto problems = check_schema(schema); !problems.empty())
    throw Error("nnplug bug: the config schema is malformed: " + problems.front());
  std::cout << schema.dump(2) << "\n";
  return 0;
}

}  // namespace nnplug::cli
