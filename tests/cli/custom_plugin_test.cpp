// A plugin built outside plugins/ (examples/custom_plugin) is found with --plugins and
// trains like a built-in one.
#include "support/cli.hpp"

#include <catch2/catch.hpp>

using namespace nnplug;
using namespace nnplug::test;

TEST_CASE("an out-of-tree optimizer plugin is listed and used by name", "[cli][custom-plugin]") {
  TempDir dir;
  const auto listing = run_nnplug({"plugins", "--plugins", NNPLUG_EXAMPLE_PLUGIN_DIR, "--kind", "optimizer"}, dir.path());
  REQUIRE(listing.exit_code == 0);
  CHECK(listing.out.find("sign_sgd") != std::string::npos);

  write_blobs_csv(dir / "blobs.csv", 600, 4, 3, 2);
  Json config = blobs_config("blobs.csv", 4, 3);
  config["compile"]["optimizer"] = {{"name", "SignSGD"}, {"learning_rate", 0.01}};
  write_file(dir / "config.json", config.dump());
  const auto without = run_nnplug({"train", "config.json"}, dir.path());
  CHECK(without.exit_code == 2);
  CHECK(without.err.find("SignSGD") != std::string::npos);

  const auto with = run_nnplug({"train", "config.json", "--plugins", NNPLUG_EXAMPLE_PLUGIN_DIR}, dir.path());
  INFO(with.err);
  REQUIRE(with.exit_code == 0);
  const auto history = read_file(dir / "out" / "history.csv");
  const auto last_line = history.substr(history.rfind('\n', history.size() - 2) + 1);
  // columns: epoch,accuracy,... : sign steps of 0.01 for 20 epochs separate the blobs.
  CHECK(std::stod(last_line.substr(last_line.find(',') + 1)) >= 0.9);
}
