#include <nnplug/base/error.hpp>
#include <nnplug/compute/threads.hpp>

#include "support/cli.hpp"

#include <catch2/catch.hpp>

#include <omp.h>

#include <string>
#include <thread>

using namespace nnplug;

TEST_CASE("set_threads accepts up to the machine's hardware threads and refuses more, naming both", "[threads]") {
  const int available = machine_threads();
  REQUIRE(available >= int(std::thread::hardware_concurrency()));
  set_threads(available);
  CHECK(omp_get_max_threads() == available);
  try {
    set_threads(available + 1);
    FAIL("no error for more threads than the machine has");
  } catch (const Error& e) {
    const std::string message = e.what();
    CHECK_THAT(message, Catch::Contains(std::to_string(available + 1) + " requested"));
    CHECK_THAT(message, Catch::Contains("runs " + std::to_string(available) + " hardware thread"));
    CHECK_THAT(message, Catch::Contains("ask for at most " + std::to_string(available)));
  }
  CHECK(omp_get_max_threads() == available);  // a refused request changes nothing
  CHECK_THROWS_AS(set_threads(0), Error);
  set_threads(1);
}

// (A request above 1024 is refused earlier, by the option's own range, also with exit 2.)
TEST_CASE("nnplug --threads beyond the machine exits 2 with the machine's count", "[threads][cli]") {
  test::TempDir dir;
  test::write_blobs_csv(dir / "blobs.csv", 40, 3, 2, 1);
  test::write_file(dir / "config.json", test::blobs_config("blobs.csv", 3, 2).dump());
  const std::string too_many = std::to_string(machine_threads() + 1);
  const auto result = test::run_nnplug({"--threads", too_many, "train", "config.json"}, dir.path());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("threads: " + too_many + " requested"));
  CHECK_THAT(result.err, Catch::Contains("runs " + std::to_string(machine_threads()) + " hardware thread"));
}
