// `nnplug plot RUN_DIR... -o FILE.svg`: one self-contained SVG of the runs' history.csv,
// checked as XML (xmllint) and rendered (rsvg-convert) the way a viewer would.
#include "support/cli.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <regex>

using namespace nnplug;
using nnplug::test::TempDir;

namespace {

std::size_t count(const std::string& text, const std::string& piece) {
  std::size_t n = 0;
  for (auto at = text.find(piece); at != std::string::npos; at = text.find(piece, at + piece.size())) ++n;
  return n;
}

// Trains a blobs run into dir/name with the given learning rate and a plateau callback, so
// the learning_rate panel has something to show.
void train_run(const TempDir& dir, const std::string& name, double learning_rate) {
  Json config = test::blobs_config("blobs.csv", 4, 3);
  config["compile"]["optimizer"]["learning_rate"] = learning_rate;
  config["fit"] = {{"epochs", 6}, {"batch_size", 32},
                   {"callbacks", Json::array({{{"name", "reduce_lr_on_plateau"}, {"patience", 0}, {"factor", 0.5},
                                               {"min_delta", 10.0}}})}};
  config["output"]["dir"] = name;
  const std::string config_file = std::filesystem::path(name).filename().string() + ".json";
  test::write_file(dir / config_file, config.dump());
  const auto result = test::run_nnplug({"train", config_file, "--quiet"}, dir.path());
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
}

}  // namespace

TEST_CASE("nnplug plot draws two runs as one valid, renderable SVG", "[plot][cli]") {
  REQUIRE(std::filesystem::exists("/usr/bin/xmllint"));       // Debian libxml2-utils
  REQUIRE(std::filesystem::exists("/usr/bin/rsvg-convert"));  // Debian librsvg2-bin
  TempDir dir;
  test::write_blobs_csv(dir / "blobs.csv", 400, 4, 3, 3);
  train_run(dir, "runs/fast", 0.02);
  train_run(dir, "runs/slow", 0.002);

  const auto plotted = test::run_nnplug({"plot", "runs/fast", "runs/slow", "-o", "both.svg"}, dir.path());
  INFO(plotted.err);
  REQUIRE(plotted.exit_code == 0);
  CHECK(plotted.out == "wrote both.svg\n");
  const std::string svg = test::read_file(dir / "both.svg");

  // Panels: loss, accuracy, learning_rate (log); each with the two runs, training solid and
  // validation dashed (6 epochs each: one polyline per series without gaps).
  CHECK(std::regex_search(svg, std::regex(">loss</text>")));
  CHECK(std::regex_search(svg, std::regex(">accuracy</text>")));
  CHECK(svg.find(">learning_rate (log scale)</text>") != std::string::npos);
  CHECK(count(svg, "<polyline") == 2 * (2 + 2 + 1));
  CHECK(count(svg, "stroke-dasharray=\"6 4\" points=") == 2 * 2);
  CHECK(svg.find(">runs/fast</text>") != std::string::npos);  // the legend names each run dir
  CHECK(svg.find(">runs/slow</text>") != std::string::npos);
  CHECK(svg.find("stroke=\"#1f77b4\"") != std::string::npos);
  CHECK(svg.find("stroke=\"#ff7f0e\"") != std::string::npos);
  // Self-contained: nothing to fetch, nothing to run.
  CHECK(svg.find("href") == std::string::npos);
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("@import") == std::string::npos);

  const auto xml = test::run("/usr/bin/xmllint", {"--noout", "both.svg"}, dir.path());
  CHECK(xml.exit_code == 0);
  CHECK(xml.err.empty());
  const auto render = test::run("/usr/bin/rsvg-convert", {"-o", "both.png", "both.svg"}, dir.path());
  INFO(render.err);
  REQUIRE(render.exit_code == 0);
  const auto png = test::read_file(dir / "both.png");
  CHECK(png.rfind("\x89PNG", 0) == 0);
  CHECK(png.size() > 20'000);  // lines, text and ticks, not a blank page
  if (const char* keep = std::getenv("NNPLUG_KEEP_PLOT")) std::filesystem::copy_file(dir / "both.png", keep,
                                                                                     std::filesystem::copy_options::overwrite_existing);
}

TEST_CASE("nnplug plot of bad input is one clear error and exit 2", "[plot][cli]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "empty_run");
  test::write_file(dir / "bad_run" / "history.csv", "epoch,loss\n0,0.5\n1,oops\n");
  test::write_file(dir / "short_run" / "history.csv", "epoch,loss,accuracy\n0,0.5\n");
  test::write_file(dir / "headless" / "history.csv", "loss\n0.5\n");
  test::write_file(dir / "no_epochs" / "history.csv", "epoch,loss\n");
  const std::vector<std::pair<std::string, std::string>> cases{
      {"missing_run", "plot: 'missing_run': no such run directory"},
      {"empty_run", "plot: 'empty_run' has no history.csv"},
      {"bad_run", "bad_run/history.csv:3: 'oops' in column 'loss' is not a number"},
      {"short_run", "short_run/history.csv:2: 2 fields, but the header has 3 columns"},
      {"headless", "the header must start with 'epoch'"},
      {"no_epochs", "no epochs in the file"},
  };
  for (const auto& [run, message] : cases) {
    const auto result = test::run_nnplug({"plot", run, "-o", "out.svg"}, dir.path());
    INFO(run << ": " << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err.rfind("nnplug: error: ", 0) == 0);
    CHECK(result.err.find(message) != std::string::npos);
    CHECK(count(result.err, "\n") == 1);
    CHECK_FALSE(std::filesystem::exists(dir / "out.svg"));
  }
  const auto none = test::run_nnplug({"plot"}, dir.path());
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("nnplug plot takes one or more RUN_DIRs") != std::string::npos);
}
