#include "support/temp_dir.hpp"

#include <nnplug/io/data/data.hpp>
#include <nnplug/base/error.hpp>

#include <catch2/catch.hpp>
#include <zlib.h>

#include <bit>
#include <chrono>
#include <cstdint>

using Catch::Matchers::Contains;
using nnplug::Error;
using nnplug::load_idx;
using nnplug::test::TempDir;

namespace {

// An IDX file written independently of the loader: magic, big-endian dims, big-endian values.
template <class Stored>
std::string idx_bytes(unsigned char type_code, const std::vector<std::uint32_t>& dims, const std::vector<Stored>& values) {
  std::string bytes{'\0', '\0', static_cast<char>(type_code), static_cast<char>(dims.size())};
  const auto put_big_endian = [&](std::uint64_t bits, std::size_t size) {
    for (std::size_t i = size; i-- > 0;) bytes += static_cast<char>((bits >> (8 * i)) & 0xFF);
  };
  for (const auto dim : dims) put_big_endian(dim, 4);
  for (const auto value : values) {
    if constexpr (std::is_same_v<Stored, float>) {
      put_big_endian(std::bit_cast<std::uint32_t>(value), 4);
    } else if constexpr (std::is_same_v<Stored, double>) {
      put_big_endian(std::bit_cast<std::uint64_t>(value), 8);
    } else {
      put_big_endian(static_cast<std::make_unsigned_t<Stored>>(value), sizeof(Stored));
    }
  }
  return bytes;
}

std::filesystem::path write_gzip(const std::filesystem::path& file, const std::string& bytes) {
  gzFile out = gzopen(file.c_str(), "wb");
  REQUIRE(out != nullptr);
  REQUIRE(gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size()));
  REQUIRE(gzclose(out) == Z_OK);
  return file;
}

template <class Stored>
void check_element_type(unsigned char code, const std::vector<Stored>& values) {
  TempDir tmp;
  // 2 items x (1 x 3): the loader flattens everything after the first dimension.
  const auto file = tmp.write("values.idx", idx_bytes<Stored>(code, {2, 1, 3}, values));
  const nnplug::Matrix m = load_idx(file);
  REQUIRE(m.rows() == 2);
  REQUIRE(m.cols() == 3);
  for (std::size_t i = 0; i < values.size(); ++i) CHECK(m.data()[i] == static_cast<float>(values[i]));
}

}  // namespace

TEST_CASE("load_idx reads every IDX element type, big-endian", "[data][idx]") {
  SECTION("unsigned byte") { check_element_type<std::uint8_t>(0x08, {0, 1, 127, 128, 254, 255}); }
  SECTION("signed byte") { check_element_type<std::int8_t>(0x09, {-128, -1, 0, 1, 100, 127}); }
  SECTION("int16") { check_element_type<std::int16_t>(0x0B, {-32768, -300, 0, 1, 258, 32767}); }
  SECTION("int32") { check_element_type<std::int32_t>(0x0C, {-70000, -1, 0, 65536, 123456, 16777216}); }
  SECTION("float32") { check_element_type<float>(0x0D, {-2.25f, 0.0f, 1.5f, 3.0e-8f, 1.0e30f, -0.1f}); }
  SECTION("float64") { check_element_type<double>(0x0E, {-1e10, 0.0, 3.25, 0.1, 1e-300, 2.5}); }
}

TEST_CASE("load_idx shapes: rank 1 is a column, the first dimension is the items", "[data][idx]") {
  TempDir tmp;
  const auto labels = load_idx(tmp.write("labels.idx", idx_bytes<std::uint8_t>(0x08, {5}, {3, 1, 4, 1, 5})));
  REQUIRE(labels.rows() == 5);
  REQUIRE(labels.cols() == 1);
  CHECK(labels(2, 0) == 4.0f);
  const auto none = load_idx(tmp.write("none.idx", idx_bytes<std::uint8_t>(0x08, {0, 28, 28}, {})));
  CHECK(none.rows() == 0);
  CHECK(none.cols() == 784);
}

TEST_CASE("load_idx detects gzip by its magic bytes, not the name", "[data][idx]") {
  TempDir tmp;
  std::vector<std::uint8_t> values(3 * 28 * 28);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::uint8_t>(i * 7 % 256);
  const std::string bytes = idx_bytes<std::uint8_t>(0x08, {3, 28, 28}, values);
  const auto plain = load_idx(tmp.write("images.idx", bytes));
  const auto zipped = load_idx(write_gzip(tmp / "images.bin", bytes));
  REQUIRE(zipped.rows() == 3);
  REQUIRE(zipped.cols() == 784);
  CHECK(zipped == plain);
  CHECK(zipped(2, 783) == static_cast<float>(values.back()));
}

TEST_CASE("load_idx errors say what was expected and what was found", "[data][idx]") {
  TempDir tmp;
  const std::string good = idx_bytes<std::uint8_t>(0x08, {2, 3}, {1, 2, 3, 4, 5, 6});

  SECTION("truncated data") {
    const auto file = tmp.write("cut.idx", good.substr(0, good.size() - 2));
    REQUIRE_THROWS_AS(load_idx(file), Error);
    REQUIRE_THROWS_WITH(load_idx(file), Contains("IDX file '" + file.string() + "' is truncated") &&
                                            Contains("2 x 3 unsigned byte values (18 bytes in all), found 16 bytes"));
  }
  SECTION("truncated header") {
    const auto file = tmp.write("cut.idx", good.substr(0, 6));
    REQUIRE_THROWS_WITH(load_idx(file), Contains("is truncated: its header declares 2 dimensions"));
  }
  SECTION("shorter than the magic number") {
    const auto file = tmp.write("cut.idx", good.substr(0, 3));
    REQUIRE_THROWS_WITH(load_idx(file), Contains("is truncated: 3 bytes"));
  }
  SECTION("truncated gzip stream") {
    const auto zipped = write_gzip(tmp / "whole.gz", std::string(10000, '\0') + good);
    const std::string compressed = nnplug::test::read_file(zipped);
    const auto file = tmp.write("cut.gz", compressed.substr(0, compressed.size() / 2));
    REQUIRE_THROWS_WITH(load_idx(file), Contains(file.string() + ": the gzip data is truncated: it ends after"));
  }
  SECTION("corrupt gzip stream") {
    std::string compressed = nnplug::test::read_file(write_gzip(tmp / "whole.gz", good));
    for (std::size_t i = 10; i < compressed.size() - 8; ++i) compressed[i] = static_cast<char>(0xFF);
    const auto file = tmp.write("bad.gz", compressed);
    REQUIRE_THROWS_WITH(load_idx(file), Contains(file.string() + ": corrupt gzip data"));
  }
  SECTION("extra bytes after the data") {
    const auto file = tmp.write("long.idx", good + "xy");
    REQUIRE_THROWS_WITH(load_idx(file), Contains("has extra bytes") && Contains("found 20 bytes"));
  }
  SECTION("extra bytes in a gzip file are found after decompression, without decompressing them all") {
    const auto file = write_gzip(tmp / "long.gz", good + "xy");
    REQUIRE_THROWS_WITH(load_idx(file), Contains("has extra bytes") && Contains("(18 bytes in all), found more"));
  }
  SECTION("bad magic") {
    const auto file = tmp.write("text.idx", "hello world, not an IDX file");
    REQUIRE_THROWS_WITH(load_idx(file), Contains("'" + file.string() + "' is not an IDX file: it starts with 0x68 0x65"));
  }
  SECTION("unknown element type") {
    std::string bytes = good;
    bytes[2] = 0x07;
    const auto file = tmp.write("type.idx", bytes);
    REQUIRE_THROWS_WITH(load_idx(file), Contains("has element type 0x07; expected one of 0x08 (unsigned byte)"));
  }
  SECTION("no dimensions") {
    const auto file = tmp.write("rank0.idx", std::string("\0\0\x08\0", 4));
    REQUIRE_THROWS_WITH(load_idx(file), Contains("declares 0 dimensions"));
  }
  SECTION("missing file") {
    const auto file = tmp / "nope.idx";
    REQUIRE_THROWS_WITH(load_idx(file), Contains("cannot read IDX data file '" + file.string() + "': No such file"));
  }
}

TEST_CASE("load_idx_pair checks that images and labels match", "[data][idx]") {
  TempDir tmp;
  const auto images = tmp.write("images.idx", idx_bytes<std::uint8_t>(0x08, {3, 2, 2}, std::vector<std::uint8_t>(12, 9)));
  const auto labels = tmp.write("labels.idx", idx_bytes<std::uint8_t>(0x08, {3}, {2, 0, 1}));
  const auto few_labels = tmp.write("few.idx", idx_bytes<std::uint8_t>(0x08, {2}, {2, 0}));

  const auto pair = nnplug::load_idx_pair(images, labels);
  CHECK(pair.x.rows() == 3);
  CHECK(pair.x.cols() == 4);
  CHECK(pair.y == (nnplug::Matrix(3, 1) << 2, 0, 1).finished());
  CHECK(pair.class_names.empty());

  REQUIRE_THROWS_WITH(nnplug::load_idx_pair(images, few_labels),
                      Contains("images file '" + images.string() + "' has 3 items but labels file '" +
                               few_labels.string() + "' has 2"));
  REQUIRE_THROWS_WITH(nnplug::load_idx_pair(labels, images),
                      Contains("labels file '" + images.string() + "' has 4 values per item") &&
                          Contains("swapped"));
}

TEST_CASE("load_idx reads Fashion-MNIST when it is installed", "[data][idx][fashion]") {
  const std::filesystem::path dir = "/usr/share/datasets/fashion-mnist";
  // tools/install-deps.sh installs dataset-fashion-mnist: missing is a failure, not a skip.
  REQUIRE(std::filesystem::exists(dir / "train-images-idx3-ubyte.gz"));
  const auto start = std::chrono::steady_clock::now();
  const auto train = nnplug::load_idx_pair(dir / "train-images-idx3-ubyte.gz", dir / "train-labels-idx1-ubyte.gz");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO("loading took " << seconds << " s");
  REQUIRE(train.x.rows() == 60000);
  REQUIRE(train.x.cols() == 784);
  CHECK(train.x.minCoeff() == 0.0f);
  CHECK(train.x.maxCoeff() == 255.0f);
  CHECK(train.y.minCoeff() == 0.0f);
  CHECK(train.y.maxCoeff() == 9.0f);
  CHECK((train.y.array() == train.y.array().round()).all());
  // Fashion-MNIST is balanced: 6000 training images per class.
  for (int label = 0; label < 10; ++label) CHECK((train.y.array() == static_cast<float>(label)).count() == 6000);
  // A generous bound (it takes a fraction of a second) that still catches a per-byte read loop.
  CHECK(seconds < 5.0);
}
