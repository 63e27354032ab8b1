// ConfigSection reads integers exactly: seeds and sizes above 2^53 are not rounded through
// double, and values beyond int64 or with a fraction are errors naming the key.
#include <nnplug/base/error.hpp>
#include <nnplug/config/config.hpp>
#include <nnplug/sdk/params.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

using namespace nnplug;
using Catch::Matchers::Contains;

TEST_CASE("config integers are exact up to int64 and refused beyond it", "[config]") {
  const auto max = std::numeric_limits<std::int64_t>::max();
  const Json json = Json::parse(R"({"seed": 9007199254740993, "largest": 9223372036854775807,
                                    "too_large": 18446744073709551615, "as_float": 3.0, "fraction": 2.5,
                                    "negative": -9007199254740993})");
  const ConfigSection section(json, "");
  CHECK(section.integer("seed", 0, max) == 9007199254740993);  // 2^53 + 1: a double would give 2^53
  CHECK(section.integer("largest", 0, max) == max);
  CHECK(section.integer("as_float", 0, max) == 3);
  CHECK(section.integer("negative", -max, max) == -9007199254740993);
  CHECK_THROWS_WITH(section.integer("too_large", 0, max), Contains("too_large") && Contains("an integer in"));
  CHECK_THROWS_WITH(section.integer("fraction", 0, max), Contains("fraction") && Contains("an integer in"));
  CHECK_THROWS_AS(section.integer("seed", 0, 10), Error);  // out of the allowed range
}

TEST_CASE("plugin parameters read integers exactly too", "[config]") {
  const Params params("test", Json::parse(R"({"seed": 9007199254740993, "huge": 18446744073709551615, "half": 0.5})"));
  CHECK(params.integer("seed") == 9007199254740993);
  CHECK_THROWS_WITH(params.integer("huge"), Contains("'huge'") && Contains("at most"));
  CHECK_THROWS_WITH(params.integer("half"), Contains("'half'") && Contains("an integer"));
}
