// Layer defaults come from defaults.json in the plugin directories, never from the core.
#include "support/cli.hpp"

#include <nnplug/registry/registry.hpp>

#include <catch2/catch.hpp>

using namespace nnplug;
using namespace nnplug::test;

TEST_CASE("defaults.json: the first directory on the search path wins per key", "[registry][defaults]") {
  TempDir first, second;
  write_file(first / "defaults.json", R"({"dense": {"kernel_initializer": "he_normal"}})");
  write_file(second / "defaults.json",
             R"({"dense": {"kernel_initializer": "glorot_uniform", "bias_initializer": "zeros"}})");
  const Registry registry({first.path(), second.path()});
  CHECK(registry.defaults()["dense"]["kernel_initializer"] == "he_normal");
  CHECK(registry.defaults()["dense"]["bias_initializer"] == "zeros");
  CHECK(registry.problems().empty());
}

TEST_CASE("a broken defaults.json is a problem, not a crash", "[registry][defaults]") {
  TempDir dir;
  write_file(dir / "defaults.json", "{not json");
  const Registry registry({dir.path()});
  REQUIRE(registry.problems().size() == 1);
  CHECK(registry.problems()[0].find("defaults.json") != std::string::npos);
  CHECK(registry.defaults().empty());
}

TEST_CASE("the shipped plugins provide Keras's Dense defaults", "[registry][defaults]") {
  const Registry registry({NNPLUG_TEST_PLUGIN_DIR});
  CHECK(registry.defaults()["dense"]["kernel_initializer"] == "glorot_uniform");
  CHECK(registry.defaults()["dense"]["bias_initializer"] == "zeros");
}

TEST_CASE("without a default, an unset initializer is a clear error", "[cli][defaults]") {
  TempDir dir;
  copy_install(dir.path());
  std::filesystem::remove(dir / "lib" / "nnplug" / "plugins" / "defaults.json");
  write_blobs_csv(dir / "blobs.csv", 60, 4, 3, 1);
  Json config = blobs_config("blobs.csv", 4, 3);
  config["fit"]["epochs"] = 1;
  const auto result = train_installed(dir.path(), config);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("/model/layers/0/kernel_initializer: missing (expected a plugin reference; no plugin directory provides a default") != std::string::npos);

  config["model"]["layers"][0]["kernel_initializer"] = "glorot_uniform";
  config["model"]["layers"][0]["bias_initializer"] = "zeros";
  config["model"]["layers"][1]["kernel_initializer"] = "glorot_uniform";
  config["model"]["layers"][1]["bias_initializer"] = "zeros";
  CHECK(train_installed(dir.path(), config).exit_code == 0);
}
