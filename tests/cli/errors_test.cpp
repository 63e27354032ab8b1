// What a newcomer gets wrong first: one line on stderr naming what and where, exit 2.
#include "support/cli.hpp"

#include <catch2/catch.hpp>

using namespace nnplug;
using namespace nnplug::test;

namespace {

CliResult train_with(const TempDir& dir, const std::string& config_text) {
  write_file(dir / "config.json", config_text);
  return run_nnplug({"train", "config.json"}, dir.path());
}

void check_one_clear_line(const CliResult& result, std::initializer_list<std::string> fragments) {
  INFO("stderr: " << result.err << "\nstdout: " << result.out);
  CHECK(result.exit_code == 2);
  REQUIRE(!result.err.empty());
  CHECK(result.err.rfind("nnplug: error: ", 0) == 0);
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  for (const auto& fragment : fragments) CHECK(result.err.find(fragment) != std::string::npos);
}

struct Fixture {
  TempDir dir;
  Json config;
  Fixture() {
    write_blobs_csv(dir / "blobs.csv", 60, 4, 3, 1);
    config = blobs_config("blobs.csv", 4, 3);
    config["fit"]["epochs"] = 1;
  }
  CliResult train() const { return train_with(dir, config.dump(2)); }
};

}  // namespace

TEST_CASE("malformed JSON is reported with line and column", "[cli][errors]") {
  TempDir dir;
  const auto result = train_with(dir, "{\n  \"seed\": 1,\n  \"model\": {\"input_shape\": [4],,}\n}\n");
  check_one_clear_line(result, {"config.json:3:", "malformed JSON"});
}

TEST_CASE("a missing config file is a clear error", "[cli][errors]") {
  TempDir dir;
  check_one_clear_line(run_nnplug({"train", "nope.json"}, dir.path()), {"nope.json"});
}

TEST_CASE("a missing data file names the file and the config key", "[cli][errors]") {
  Fixture f;
  f.config["data"]["train"]["path"] = "missing.csv";
  check_one_clear_line(f.train(), {"/data/train", "missing.csv"});
}

TEST_CASE("data of the wrong width for input_shape is refused", "[cli][errors]") {
  Fixture f;
  f.config["model"]["input_shape"] = {5};
  check_one_clear_line(f.train(), {"4 features", "input_shape"});
}

TEST_CASE("an unknown layer type names its place and the nearest type", "[cli][errors]") {
  Fixture f;
  f.config["model"]["layers"][0]["type"] = "dense_layer";
  check_one_clear_line(f.train(), {"/model/layers/0/type", "dense"});
}

TEST_CASE("an unknown activation suggests the nearest", "[cli][errors]") {
  Fixture f;
  f.config["model"]["layers"][0]["activation"] = "rellu";
  check_one_clear_line(f.train(), {"/model/layers/0/activation", "relu"});
}

TEST_CASE("an unknown optimizer suggests the nearest plugin names", "[cli][errors]") {
  Fixture f;
  f.config["compile"]["optimizer"] = "adamm";
  check_one_clear_line(f.train(), {"/compile/optimizer", "adamm", "adam"});
}

TEST_CASE("an unknown initializer suggests the nearest plugin names", "[cli][errors]") {
  Fixture f;
  f.config["model"]["layers"][0]["kernel_initializer"] = "glorot_unifrom";
  check_one_clear_line(f.train(), {"/model/layers/0/kernel_initializer", "glorot_uniform"});
}

TEST_CASE("a parameter of the wrong type names plugin, key and value", "[cli][errors]") {
  Fixture f;
  f.config["compile"]["optimizer"] = {{"name", "adam"}, {"beta_1", "high"}};
  check_one_clear_line(f.train(), {"/compile/optimizer/beta_1", "\"high\""});
}

TEST_CASE("an out-of-range parameter is refused before training", "[cli][errors]") {
  Fixture f;
  f.config["model"]["layers"][0]["kernel_regularizer"] = {{"name", "l2"}, {"l2", -1}};
  check_one_clear_line(f.train(), {"/model/layers/0/kernel_regularizer/l2", "-1"});
}

TEST_CASE("an unknown config key suggests the right one", "[cli][errors]") {
  Fixture f;
  f.config["fit"]["epoch"] = 3;
  check_one_clear_line(f.train(), {"/fit/epoch", "epochs"});
}

TEST_CASE("a label column that does not exist lists the columns", "[cli][errors]") {
  Fixture f;
  f.config["data"]["train"]["label"] = "class";
  check_one_clear_line(f.train(), {"/data/train", "class"});
}

TEST_CASE("an unknown command or option exits 2 with usage", "[cli][errors]") {
  TempDir dir;
  CHECK(run_nnplug({"fly"}, dir.path()).exit_code == 2);
  CHECK(run_nnplug({"train", "x.json", "--bogus"}, dir.path()).exit_code == 2);
  CHECK(run_nnplug({"--help"}, dir.path()).exit_code == 0);
}

// The plugin boundary, through the CLI: a broken plugin ends in exit 2 and one error line
// naming the plugin's file, never a crash.
namespace {

std::filesystem::path fixture_file(const std::string& name) {
  return std::filesystem::path(NNPLUG_TEST_FIXTURE_DIR) / (name + ".so");
}

CliResult train_with_fixture(Fixture& f, const std::string& fixture, const Json& regularizer) {
  const TempDir plugins;
  std::filesystem::copy_file(fixture_file(fixture), plugins / (fixture + ".so"));
  f.config["model"]["layers"][0]["kernel_regularizer"] = regularizer;
  write_file(f.dir / "config.json", f.config.dump(2));
  return run_nnplug({"train", "config.json", "--plugins", plugins.path().string()}, f.dir.path());
}

void check_error_line_names(const CliResult& result, const std::vector<std::string>& fragments) {
  INFO("stderr: " << result.err << "\nstdout: " << result.out);
  CHECK(result.exit_code == 2);
  const auto at = result.err.find("nnplug: error: ");
  REQUIRE(at != std::string::npos);
  const std::string line = result.err.substr(at);
  CHECK(std::count(line.begin(), line.end(), '\n') == 1);  // the error is one line, and the last
  CHECK(result.err.find("nnplug: error: ", at + 1) == std::string::npos);
  for (const auto& fragment : fragments) CHECK(line.find(fragment) != std::string::npos);
}

}  // namespace

TEST_CASE("a regularizer that throws its own exception type mid-training ends in exit 2 naming it", "[cli][errors]") {
  for (const char* exception : {"std_derived", "foreign"}) {
    for (const char* where : {"penalty", "gradient"}) {
      INFO(exception << " from " << where);
      Fixture f;
      const auto result = train_with_fixture(
          f, "throwing_regularizer", Json{{"name", "throwing_regularizer"}, {"exception", exception}, {"throw_in", where}});
      check_error_line_names(result, {"regularizer 'throwing_regularizer'", "throwing_regularizer.so", "failed"});
    }
  }
}

TEST_CASE("a plugin built against other libraries is refused with what differs", "[cli][errors]") {
  Fixture f;
  const auto result = train_with_fixture(f, "fingerprint_mismatch", Json("fingerprint_mismatch"));
  check_error_line_names(result, {"fingerprint_mismatch.so", "was built with", "nlohmann_json 2.0.0 (this host: "});
}

TEST_CASE("a plugin with an undefined symbol is refused at load time, naming the file and the symbol", "[cli][errors]") {
  Fixture f;
  const auto result = train_with_fixture(f, "undefined_symbol", Json("undefined_symbol"));
  check_error_line_names(result, {"undefined_symbol.so", "cannot be loaded", "nnplug_fixture_function_nobody_defines"});
}

TEST_CASE("a plugin that shadows another of the same name is reported by train", "[cli][errors]") {
  Fixture f;
  const TempDir plugins;
  std::filesystem::copy_file(fixture_file("fixture_l2"), plugins / "fixture_l2.so");
  std::filesystem::copy_file(fixture_file("fixture_l2"), plugins / "zz_copy_of_fixture_l2.so");
  write_file(f.dir / "config.json", f.config.dump(2));
  const auto result = run_nnplug({"train", "config.json", "--plugins", plugins.path().string()}, f.dir.path());
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.err.find("nnplug: warning: ") != std::string::npos);
  CHECK(result.err.find("zz_copy_of_fixture_l2.so") != std::string::npos);
  CHECK(result.err.find("is already provided by") != std::string::npos);
}
