// Every input a fuzz target ever crashed on, replayed through the same entry point
// (fuzz/fuzz_inputs.hpp): tests/data/fuzz_regressions/<target>/<input>. Each must now be
// read or refused with an nnplug::Error; under tools/test-sanitizers.sh, cleanly too.
#include "fuzz_inputs.hpp"

#include <nnplug/base/error.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace fs = std::filesystem;

TEST_CASE("inputs the fuzzers found are read or refused cleanly", "[io][fuzz]") {
  const fs::path root = fs::path(NNPLUG_TEST_DATA_DIR) / "fuzz_regressions";
  REQUIRE(fs::is_directory(root));
  std::size_t replayed = 0;
  for (const auto& dir : fs::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    const auto target = nnplug::fuzz::target_named(dir.path().filename().string());
    INFO("directory " << dir.path());
    REQUIRE(target != nullptr);  // named after a fuzz target
    for (const auto& file : fs::directory_iterator(dir.path())) {
      INFO("input " << file.path());
      std::ifstream in(file.path(), std::ios::binary);
      const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      try {
        target(bytes);
      } catch (const nnplug::Error&) {
        // refused with a message: what a bad input should get
      }
      ++replayed;
    }
  }
  // The seeds are replayed too, so the test never passes vacuously.
  const fs::path seeds = fs::path(NNPLUG_SOURCE_DIR) / "fuzz" / "corpus";
  for (const auto& dir : fs::directory_iterator(seeds))
    for (const auto& file : fs::directory_iterator(dir.path())) {
      INFO("seed " << file.path());
      std::ifstream in(file.path(), std::ios::binary);
      const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      const auto target = nnplug::fuzz::target_named(dir.path().filename().string());
      REQUIRE(target != nullptr);
      CHECK_NOTHROW(target(bytes));  // a seed is a valid input
      ++replayed;
    }
  CHECK(replayed >= 16);
}
