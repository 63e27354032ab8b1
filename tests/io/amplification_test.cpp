// Tiny files that claim (or expand to) gigabytes: each is refused, or read, without the
// process allocating more than the data really holds.
#include "io/hostile_input.hpp"
#include "io/zip_builder.hpp"
#include "support/temp_dir.hpp"

#include <nnplug/io/data/data.hpp>
#include <nnplug/io/numpy/npz.hpp>

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using nnplug::test::idx_header;
using nnplug::test::run_in_child;
using nnplug::test::TempDir;

namespace {

constexpr long bounded_mb = 64;  // far below any of the claimed sizes, far above what the readers need

// `header` then `zeros` zero bytes, deflated as one gzip member, without ever holding the zeros.
std::string gzip_bomb(const std::string& header, std::size_t zeros) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out;
  const std::string chunk(1 << 20, '\0');
  const auto feed = [&](const std::string& bytes, int flush) {
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<uInt>(bytes.size());
    char buffer[1 << 14];
    do {
      stream.next_out = reinterpret_cast<Bytef*>(buffer);
      stream.avail_out = sizeof buffer;
      deflate(&stream, flush);
      out.append(buffer, sizeof buffer - stream.avail_out);
    } while (stream.avail_out == 0);
  };
  feed(header, Z_NO_FLUSH);
  for (std::size_t done = 0; done < zeros; done += chunk.size()) feed(chunk, Z_NO_FLUSH);
  feed({}, Z_FINISH);
  deflateEnd(&stream);
  return out;
}

}  // namespace

TEST_CASE("a gzip trailer claiming 4 GB does not size the buffer, and is found to lie", "[io][hostile][gzip]") {
  TempDir tmp;
  const auto file = tmp.write("labels.gz", nnplug::test::gzip(idx_header(0x08, {3}) + "\x01\x02\x03", 0xFFFFFFFF));
  const auto outcome = run_in_child([&] { nnplug::load_idx(file); });
  CHECK_FALSE(outcome.crashed);
  CHECK(outcome.error == file.string() + ": corrupt gzip data (incorrect length check); download or copy the file again");
  CHECK(outcome.rss_growth_mb < bounded_mb);
  const auto honest = tmp.write("honest.gz", nnplug::test::gzip(idx_header(0x08, {3}) + "\x01\x02\x03", 11));
  CHECK(nnplug::load_idx(honest).rows() == 3);
}

TEST_CASE("a gzip bomb behind a small IDX header is an error after the declared bytes", "[io][hostile][gzip]") {
  TempDir tmp;
  // Declares 10 x 10 bytes; the stream holds 256 MB of zeros (in about 250 KB).
  const auto file = tmp.write("bomb.gz", gzip_bomb(idx_header(0x08, {10, 10}), std::size_t{256} << 20));
  const auto outcome = run_in_child([&] { nnplug::load_idx(file); });
  CHECK_FALSE(outcome.crashed);
  CHECK_THAT(outcome.error, StartsWith("IDX file '" + file.string() + "' has extra bytes: its header says 10 x 10 ") &&
                                Contains("download or copy the file again"));
  CHECK(outcome.rss_growth_mb < bounded_mb);
}

TEST_CASE("an IDX header declaring more than its gzip data can hold is refused before allocating", "[io][hostile][gzip]") {
  TempDir tmp;
  // 60000 x 100000 bytes = 6 GB claimed, a few dozen bytes of gzip.
  const auto file = tmp.write("claim.gz", nnplug::test::gzip(idx_header(0x08, {60000, 100000}) + "\x01", 60));
  const auto outcome = run_in_child([&] { nnplug::load_idx(file); });
  CHECK_FALSE(outcome.crashed);
  CHECK_THAT(outcome.error, StartsWith(file.string() + ": its IDX header declares 60000 x 100000 unsigned byte values") &&
                                Contains("more than its") && Contains("bytes of gzip data can hold"));
  CHECK(outcome.rss_growth_mb < bounded_mb);
  // Plain IDX: the header must match the file's size, checked before the matrix exists.
  const auto plain = tmp.write("claim.idx", idx_header(0x0E, {60000, 100000}) + "12345678");
  REQUIRE_THROWS_WITH(nnplug::load_idx(plain), Contains("is truncated: its header says 60000 x 100000 float64 values"));
}

TEST_CASE("an npz whose zip directory claims a 4 GB member is refused before reading it", "[io][hostile][npz]") {
  TempDir tmp;
  const std::string npy = nnplug::test::npy_float32_vector({1, 2, 3});
  SECTION("a stored member whose size is not its compressed size") {
    const auto file = tmp.write("stored.npz", nnplug::test::zip_archive({{"w.npy", npy, false, 0xFFFFFFF0}}));
    const auto outcome = run_in_child([&] { nnplug::read_npz(file); });
    CHECK_FALSE(outcome.crashed);
    CHECK_THAT(outcome.error, Contains("entry 'w.npy': the zip directory claims 4294967280 bytes from") &&
                                  Contains("stored bytes, which they cannot hold"));
    CHECK(outcome.rss_growth_mb < bounded_mb);
  }
  SECTION("a deflated member claiming more than deflate can produce") {
    const auto file = tmp.write("deflated.npz", nnplug::test::zip_archive({{"w.npy", npy, true, 0xFFFFFFF0}}));
    const auto outcome = run_in_child([&] { nnplug::read_npz(file); });
    CHECK_FALSE(outcome.crashed);
    CHECK_THAT(outcome.error, Contains("npz file '" + file.string() + "' entry 'w.npy': the zip directory claims") &&
                                  Contains("deflated bytes, which they cannot hold"));
    CHECK(outcome.rss_growth_mb < bounded_mb);
  }
}

TEST_CASE("an npz deflate bomb is cut at the member's declared size", "[io][hostile][npz]") {
  TempDir tmp;
  // The directory says 200 bytes (plausible); the deflated data expands to 64 MB.
  const auto file = tmp.write(
      "bomb.npz", nnplug::test::zip_archive({{"w.npy", std::string(std::size_t{64} << 20, '\0'), true, 200}}));
  const auto outcome = run_in_child([&] { nnplug::read_npz(file); });
  CHECK_FALSE(outcome.crashed);
  CHECK_THAT(outcome.error, StartsWith("npz file '" + file.string() + "' entry 'w.npy'") && Contains("damaged"));
  CHECK(outcome.rss_growth_mb < bounded_mb);
}

TEST_CASE("/dev/zero as a data or weights file is refused, not read forever", "[io][hostile]") {
  const auto outcome = run_in_child([] {
    ::alarm(10);
    nnplug::load_idx("/dev/zero");
  });
  CHECK_FALSE(outcome.crashed);
  CHECK(outcome.error == "/dev/zero: the IDX data file is a character device, not a regular file; give the path of a "
                         "regular file");
  REQUIRE_THROWS_WITH(nnplug::read_npz("/dev/zero"), StartsWith("/dev/zero: the npz file is a character device"));
  REQUIRE_THROWS_WITH(nnplug::load_csv("/dev/zero", "y"), StartsWith("/dev/zero: the data file is a character device"));
}

TEST_CASE("NNPLUG_MAX_INPUT_BYTES caps every input file and every declared size", "[io][hostile]") {
  TempDir tmp;
  const auto plain = tmp.write("big.idx", idx_header(0x08, {100}) + std::string(100, '\x01'));
  const auto zipped = tmp.write("big.gz", nnplug::test::gzip(idx_header(0x08, {2000}) + std::string(2000, '\x01'), 2008));
  const auto outcome = run_in_child([&] {
    ::setenv("NNPLUG_MAX_INPUT_BYTES", "1000", 1);
    CHECK(nnplug::load_idx(plain).rows() == 100);
    nnplug::load_idx(zipped);
  });
  CHECK_FALSE(outcome.crashed);
  CHECK(outcome.error == zipped.string() +
                             ": its IDX header declares 2008 bytes, more than the input limit of 1000 bytes; if the file "
                             "is right, raise the limit with NNPLUG_MAX_INPUT_BYTES=<bytes>, otherwise the file is corrupt");
}
