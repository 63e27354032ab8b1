// The subcommand table: adding a subcommand is one file in commands/ and one line here.
#include "../cli.hpp"

namespace nnplug::cli {

int train(const Command&);
int check(const Command&);
int plot(const Command&);
int list_plugins(const Command&);
int describe_plugin(const Command&);
int new_plugin(const Command&);
int test_plugin(const Command&);
int write_schema(const Command&);

const std::vector<Subcommand>& subcommands() {
  static const std::vector<Subcommand> table{
      {"train", "train CONFIG [--plugins DIR]... [--threads N] [--quiet] [--overwrite]", train},
      {"check", "check CONFIG [--plugins DIR]...   (every check train makes before the first batch)", check},
      {"plot", "plot RUN_DIR... [-o FILE.svg]", plot},
      {"plugins", "plugins [--kind KIND] [--plugins DIR]... [--verbose]", list_plugins},
      {"describe", "describe NAME [--kind KIND] [--plugins DIR]...", describe_plugin},
      {"new", "new KIND NAME [DIR]   (a plugin project to build against the installed SDK)", new_plugin},
      {"test-plugin", "test-plugin FILE.so   (the contract checks the built-in plugins pass)", test_plugin},
      {"schema", "schema [--plugins DIR]... > nnplug.schema.json   (JSON Schema of config files, for editors)", write_schema},
  };
  return table;
}

}  // namespace nnplug::cli
