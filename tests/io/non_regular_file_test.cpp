// A FIFO or a device where a file is expected is refused at once: opened without
// blocking, checked with fstat, never read (a FIFO with no writer would hang, /dev/zero
// never ends).
#include "io/hostile_input.hpp"
#include "support/temp_dir.hpp"

#include <nnplug/io/data/data.hpp>
#include <nnplug/io/numpy/npz.hpp>
#include <nnplug/registry/registry.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>

using Catch::Matchers::Contains;
using nnplug::test::run_in_child;
using nnplug::test::TempDir;

namespace {

// The reader's error, from a child that an alarm kills if the reader blocks.
std::string error_from_fifo(const std::filesystem::path& fifo, const std::function<void()>& read) {
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto outcome = run_in_child([&] {
    ::alarm(10);
    read();
  });
  CHECK_FALSE(outcome.crashed);
  return outcome.error;
}

std::string fifo_message(const std::filesystem::path& fifo, const std::string& what) {
  return fifo.string() + ": the " + what + " is a FIFO (named pipe), not a regular file; give the path of a regular file";
}

}  // namespace

TEST_CASE("a FIFO as a CSV, IDX or npz file is refused without blocking", "[io][hostile][fifo]") {
  TempDir tmp;
  const auto csv = tmp / "train.csv";
  CHECK(error_from_fifo(csv, [&] { nnplug::load_csv(csv, "label"); }) == fifo_message(csv, "data file"));
  const auto idx = tmp / "images.idx";
  CHECK(error_from_fifo(idx, [&] { nnplug::load_idx(idx); }) == fifo_message(idx, "IDX data file"));
  const auto npz = tmp / "weights.npz";
  CHECK(error_from_fifo(npz, [&] { nnplug::read_npz(npz); }) == fifo_message(npz, "npz file"));
}

TEST_CASE("a FIFO named like a plugin in a plugin directory is a problem line, not a hang", "[io][hostile][fifo]") {
  TempDir tmp;
  const auto fifo = tmp / "optimizers_trap.so";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto outcome = run_in_child([&] {
    ::alarm(10);
    const nnplug::Registry registry({tmp.dir()});
    REQUIRE(registry.problems().size() == 1);
    throw nnplug::Error(registry.problems()[0]);
  });
  CHECK_FALSE(outcome.crashed);
  CHECK(outcome.error == fifo_message(fifo, "plugin file"));
}
