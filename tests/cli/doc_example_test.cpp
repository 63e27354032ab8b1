// The docs stay true: every ```cpp block of docs/*.md is compiled by the build
// (tests/doc_examples.cmake), the plugin example of docs/plugins.md loads and trains as
// printed, and every plugin the build ships is listed in its table of built-in plugins.
#include "plugins/plugin_testing.hpp"
#include "support/cli.hpp"

#include <nnplug/plugin_check/plugin_check.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace nnplug;
using namespace nnplug::test;

TEST_CASE("the plugin example in docs/plugins.md compiles, loads and trains as printed", "[cli][docs]") {
  TempDir dir;
  write_blobs_csv(dir / "blobs.csv", 300, 4, 3, 5);
  Json config = blobs_config("blobs.csv", 4, 3);
  config["compile"]["optimizer"] = Json{{"name", "MyLion"}, {"learning_rate", 0.01}};
  config["fit"]["epochs"] = 8;
  write_file(dir / "config.json", config.dump(2));

  const auto described = run_nnplug({"describe", "my_lion", "--plugins", NNPLUG_DOC_PLUGIN_DIR}, dir.path());
  INFO(described.out << described.err);
  REQUIRE(described.exit_code == 0);
  CHECK(described.out.find("my_lion 0.1.0 (optimizer)") != std::string::npos);
  CHECK(described.out.find("beta_2 (number in [0, 1]), default 0.99") != std::string::npos);

  const auto trained = run_nnplug({"train", "config.json", "--plugins", NNPLUG_DOC_PLUGIN_DIR}, dir.path());
  INFO(trained.out << trained.err);
  REQUIRE(trained.exit_code == 0);
  CHECK(trained.err.empty());
  const std::string history = read_file(dir / "out" / "history.csv");
  std::istringstream rows(history);
  std::string header, first, line, last;
  std::getline(rows, header);
  std::getline(rows, first);
  while (std::getline(rows, line)) last = line;
  const auto loss_at = [&](const std::string& row) {
    // history.csv columns are sorted: epoch, accuracy, learning_rate, loss, ...
    std::vector<std::string> cells;
    std::istringstream in(row);
    for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
    return std::stod(cells.at(3));
  };
  REQUIRE(header.rfind("epoch,accuracy,learning_rate,loss", 0) == 0);
  CHECK(loss_at(last) < 0.5 * loss_at(first));
}

TEST_CASE("every ```cpp block of the docs is one the build compiles", "[docs]") {
  std::size_t blocks = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(NNPLUG_SOURCE_DIR) + "/docs")) {
    if (entry.path().extension() != ".md") continue;
    const std::string page = read_file(entry.path());
    for (auto at = page.find("```cpp"); at != std::string::npos; at = page.find("```cpp", at + 1)) {
      INFO(entry.path().filename().string() << " at byte " << at);
      ++blocks;
      // Exactly the opening the build recognises: "```cpp" and a newline, then a marked first line.
      CHECK(page.compare(at, 7, "```cpp\n") == 0);
      const std::string body = page.substr(at + 7, 64);
      CHECK((body.rfind("// fragment", 0) == 0 || body.substr(0, body.find('\n')).ends_with(".cpp")));
    }
  }
  CHECK(blocks >= 3);
  CHECK(blocks == NNPLUG_DOC_CPP_BLOCKS);  // what tests/doc_examples.cmake compiled
}

TEST_CASE("docs/writing-plugins.md explains every rule test-plugin checks", "[docs]") {
  const std::string page = read_file(std::string(NNPLUG_SOURCE_DIR) + "/docs/writing-plugins.md");
  for (const auto& rule : plugin_rules()) {
    INFO(rule.name);
    CHECK(page.find("| `" + std::string(rule.name) + "` |") != std::string::npos);
  }
}

TEST_CASE("docs/plugins.md lists every built-in plugin", "[docs]") {
  std::ifstream in(std::string(NNPLUG_SOURCE_DIR) + "/docs/plugins.md");
  REQUIRE(in.good());
  const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto table = page.find("## Built-in plugins");
  REQUIRE(table != std::string::npos);
  const std::string section = page.substr(table, page.find("\n## ", table + 1) - table);
  for (const auto& plugin : testing::built_plugins().plugins()) {
    INFO(kind_name(plugin.kind) << " " << plugin.name);
    CHECK(section.find("`" + plugin.name + "`") != std::string::npos);
  }
}
