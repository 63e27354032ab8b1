// Sizes computed from a file's header never wrap around 64 bits.
#include "io/hostile_input.hpp"
#include "io/zip_builder.hpp"
#include "support/temp_dir.hpp"

#include <nnplug/base/checked_size.hpp>
#include <nnplug/io/data/data.hpp>
#include <nnplug/io/numpy/npz.hpp>

#include <catch2/catch.hpp>

#include <vector>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using nnplug::checked_element_count;
using nnplug::checked_multiply;
using nnplug::test::TempDir;

TEST_CASE("checked_multiply and checked_element_count report overflow instead of wrapping", "[io][checked_size]") {
  CHECK(checked_multiply(1ULL << 32, 1ULL << 31) == (1ULL << 63));
  CHECK_FALSE(checked_multiply(1ULL << 32, 1ULL << 32));
  CHECK(nnplug::checked_add(UINT64_MAX - 1, 1) == UINT64_MAX);
  CHECK_FALSE(nnplug::checked_add(UINT64_MAX, 1));
  CHECK(checked_element_count(std::vector<std::size_t>{784, 256}, 4) == 784u * 256u * 4u);
  CHECK(checked_element_count(std::vector<std::size_t>{}, 8) == 8u);  // a scalar
  CHECK(checked_element_count(std::vector<std::size_t>{0, 1ULL << 40, 1ULL << 40}) == 0u);
  // 2^33 * 2^33 = 2^66 wraps to 0 with plain multiplication: the case a header check misses.
  CHECK_FALSE(checked_element_count(std::vector<std::size_t>{1ULL << 33, 1ULL << 33}));
  CHECK_FALSE(checked_element_count(std::vector<std::size_t>{1ULL << 31, 1ULL << 31}, 4));
}

TEST_CASE("an IDX header whose dimensions overflow 64 bits is refused", "[io][checked_size]") {
  TempDir tmp;
  // 2^32-1 to the 4th power times 8 bytes: far past 2^64.
  const auto file = tmp.write("huge.idx", nnplug::test::idx_header(0x0E, {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}));
  REQUIRE_THROWS_AS(nnplug::load_idx(file), nnplug::Error);
  REQUIRE_THROWS_WITH(nnplug::load_idx(file),
                      file.string() + ": its IDX header declares 4294967295 x 4294967295 x 4294967295 x 4294967295 "
                                      "float64 values, more than 64 bits can count; the header is corrupt, download or "
                                      "copy the file again");
  const auto gz = tmp.write("huge.gz", nnplug::test::gzip(nnplug::test::idx_header(0x08, {65536, 65536, 65536, 65536}), 20));
  REQUIRE_THROWS_WITH(nnplug::load_idx(gz), Contains("more than 64 bits can count"));
}

TEST_CASE("an NPY shape whose product overflows 64 bits is refused", "[io][checked_size]") {
  TempDir tmp;
  // (2^33, 2^33) wraps to 0 values: unchecked, it would match the empty data and "load".
  const std::string npy = nnplug::test::npy_float32("(8589934592, 8589934592)", 0);
  const auto file = tmp.write("wrap.npz", nnplug::test::zip_archive({{"w.npy", npy, false, std::uint32_t(npy.size())}}));
  REQUIRE_THROWS_AS(nnplug::read_npz(file), nnplug::Error);
  REQUIRE_THROWS_WITH(nnplug::read_npz(file),
                      StartsWith("npz file '" + file.string() + "' entry 'w.npy' declares shape 8589934592 x 8589934592") &&
                          Contains("more values than 64 bits can count"));
  const std::string cube = nnplug::test::npy_float32("(2097152, 2097152, 4194304)", 0);
  const auto cube_file = tmp.write("cube.npz", nnplug::test::zip_archive({{"c.npy", cube, true, std::uint32_t(cube.size())}}));
  REQUIRE_THROWS_WITH(nnplug::read_npz(cube_file), Contains("more values than 64 bits can count"));
}
