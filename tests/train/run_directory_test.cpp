// output.dir as one run's record: previous runs, inputs, stale temporary files, run.json.
#include "support/cli.hpp"

#include <nnplug/base/error.hpp>
#include <nnplug/train/run_directory.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace nnplug;
using namespace nnplug::test;

TEST_CASE("a directory with a previous run is refused unless overwriting, and names --overwrite", "[run_directory]") {
  TempDir dir;
  const RunDirectory run(dir / "out");
  CHECK_NOTHROW(run.check_no_previous_run(false));  // not there yet
  write_file(dir / "out" / "history.csv", "epoch,loss\n0,1\n");
  CHECK_THROWS_WITH(run.check_no_previous_run(false),
                    Catch::Contains("holds a previous run (history.csv)") && Catch::Contains("--overwrite"));
  CHECK_NOTHROW(run.check_no_previous_run(true));
  run.prepare(true);
  CHECK_FALSE(std::filesystem::exists(dir / "out" / "history.csv"));
}

TEST_CASE("an output file that is one of the run's inputs is refused", "[run_directory]") {
  TempDir dir;
  write_file(dir / "out" / "history.csv", "x,label\n1,0\n");
  const RunDirectory run(dir / "out");
  CHECK_THROWS_WITH(run.check_not_inputs({dir / "out" / ".." / "out" / "history.csv"}),
                    Catch::Contains("would overwrite its input") && Catch::Contains("history.csv"));
  CHECK_NOTHROW(run.check_not_inputs({dir / "other.csv"}));
}

TEST_CASE("output paths taken by directories or files are found before training", "[run_directory]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "out" / "weights.npz");
  CHECK_THROWS_WITH(RunDirectory(dir / "out").check_usable(), Catch::Contains("weights.npz' is a directory"));
  write_file(dir / "file", "x");
  CHECK_THROWS_WITH(RunDirectory(dir / "file").check_usable(), Catch::Contains("is a file, not a directory"));
  CHECK_THROWS_WITH(RunDirectory(dir / "file" / "run").check_usable(), Catch::Contains("cannot be created"));
  CHECK_NOTHROW(RunDirectory(dir / "new" / "run").check_usable());
  CHECK_FALSE(std::filesystem::exists(dir / "new"));  // checking creates nothing
}

TEST_CASE("stale temporary files of dead processes go, a live one's stay", "[run_directory]") {
  TempDir dir;
  const std::string live = "weights.npz.tmp-" + std::to_string(::getpid());
  write_file(dir / "out" / "weights.npz.tmp-999999", "half");
  write_file(dir / "out" / live, "mine");
  write_file(dir / "out" / "notes.tmp-abc", "kept: not a temporary name");
  RunDirectory(dir / "out").prepare(false);
  CHECK_FALSE(std::filesystem::exists(dir / "out" / "weights.npz.tmp-999999"));
  CHECK(std::filesystem::exists(dir / "out" / live));
  CHECK(std::filesystem::exists(dir / "out" / "notes.tmp-abc"));
}

TEST_CASE("run.json names the files, the epoch and the classes", "[run_directory]") {
  TempDir dir;
  const RunDirectory run(dir / "out");
  run.prepare(false);
  run.write_manifest("interrupted", 3, {"weights.npz", "history.csv"}, {"cat", "dog"});
  const Json manifest = Json::parse(read_file(dir / "out" / "run.json"));
  CHECK(manifest["status"] == "interrupted");
  CHECK(manifest["epochs"] == 3);
  CHECK(manifest["files"] == Json({"weights.npz", "history.csv"}));
  CHECK(manifest["class_names"] == Json({"cat", "dog"}));
}
