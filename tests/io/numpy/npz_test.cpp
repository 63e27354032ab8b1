#include "support/temp_dir.hpp"

#include <nnplug/base/error.hpp>
#include <nnplug/io/numpy/npz.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <zip.h>

#include <ctime>
#include <map>
#include <memory>

using Catch::Matchers::Contains;
using nnplug::NamedArray;
using nnplug::read_npz;
using nnplug::write_npz;
using nnplug::test::TempDir;

namespace {

const std::filesystem::path fixtures = std::filesystem::path(NNPLUG_TEST_DATA_DIR) / "npz";

nlohmann::json read_json(const std::filesystem::path& file) {
  return nlohmann::json::parse(nnplug::test::read_file(file));
}

// The arrays numpy wrote, as the fixture script recorded them (values as exact doubles).
std::map<std::string, NamedArray> expected_arrays(const std::filesystem::path& json_file) {
  std::map<std::string, NamedArray> arrays;
  const nlohmann::json specs = read_json(json_file);
  for (const auto& [name, spec] : specs.items()) {
    NamedArray array{name, spec["shape"].get<nnplug::Shape>(), {}};
    for (const auto& value : spec["values"]) array.data.push_back(static_cast<float>(value.get<double>()));
    arrays.emplace(name, std::move(array));
  }
  return arrays;
}

struct ArchiveClose {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};

// Reads a zip with libzip directly, independently of read_npz.
struct ZipEntry {
  std::string bytes;
  zip_uint16_t method;
  std::time_t mtime;
};
std::map<std::string, ZipEntry> zip_entries(const std::filesystem::path& file) {
  int code = 0;
  std::unique_ptr<zip_t, ArchiveClose> archive(zip_open(file.c_str(), ZIP_RDONLY, &code));
  REQUIRE(archive);
  std::map<std::string, ZipEntry> entries;
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive.get(), 0); ++i) {
    zip_stat_t stat;
    REQUIRE(zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &stat) == 0);
    std::string bytes(stat.size, '\0');
    zip_file_t* entry = zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(i), 0);
    REQUIRE(entry);
    CHECK(zip_fread(entry, bytes.data(), bytes.size()) == static_cast<zip_int64_t>(bytes.size()));
    zip_fclose(entry);
    entries[stat.name] = {bytes, stat.comp_method, stat.mtime};
  }
  return entries;
}

void check_same(const NamedArray& actual, const NamedArray& expected) {
  INFO("array " << expected.name);
  CHECK(actual.name == expected.name);
  CHECK(actual.shape == expected.shape);
  CHECK(actual.data == expected.data);
}

}  // namespace

TEST_CASE("write_npz then read_npz gives back every array exactly", "[data][npz]") {
  TempDir tmp;
  const std::vector<NamedArray> arrays = {
      {"dense/kernel", {2, 3}, {1.5f, -2.0f, 0.1f, 3.4e38f, -1e-40f, 0.0f}},
      {"dense/bias", {3}, {0.25f, -0.5f, 7.0f}},
      {"conv/kernel", {2, 1, 2}, {1, 2, 3, 4}},
      {"optimizer/iterations", {}, {42.0f}},
      {"empty", {0, 5}, {}},
  };
  const auto file = tmp / "run/checkpoints/weights.npz";
  write_npz(file, arrays);
  CHECK(tmp.listing() == std::vector<std::string>{"run"});
  CHECK(std::distance(std::filesystem::directory_iterator(file.parent_path()), {}) == 1);

  const auto back = read_npz(file);
  REQUIRE(back.size() == arrays.size());
  for (std::size_t i = 0; i < arrays.size(); ++i) check_same(back[i], arrays[i]);

  // Laid out like numpy.savez: <name>.npy entries, stored uncompressed.
  const auto entries = zip_entries(file);
  REQUIRE(entries.size() == arrays.size());
  for (const auto& array : arrays) {
    INFO("array " << array.name);
    REQUIRE(entries.count(array.name + ".npy") == 1);
    CHECK(entries.at(array.name + ".npy").method == ZIP_CM_STORE);
    // numpy's fixed 1980-01-01 00:00 (local time, as zip stores it), never the clock, so the
    // same weights written a second later give the same bytes.
    std::tm numpy_time{};
    numpy_time.tm_year = 80;
    numpy_time.tm_mday = 1;
    numpy_time.tm_isdst = -1;
    CHECK(entries.at(array.name + ".npy").mtime == std::mktime(&numpy_time));
  }
}

TEST_CASE("the .npy entries we write are byte for byte what numpy.save writes", "[data][npz]") {
  TempDir tmp;
  for (const auto& [name, array] : expected_arrays(fixtures / "save_arrays.json")) {
    INFO("array " << name);
    const auto file = tmp / (name + ".npz");
    write_npz(file, {array});
    const auto entries = zip_entries(file);
    REQUIRE(entries.count(name + ".npy") == 1);
    const std::string numpy_bytes = nnplug::test::read_file(fixtures / ("save_" + name + ".npy"));
    REQUIRE(!numpy_bytes.empty());
    CHECK(entries.at(name + ".npy").bytes == numpy_bytes);
  }
}

TEST_CASE("read_npz reads numpy.savez and numpy.savez_compressed archives", "[data][npz]") {
  const auto expected = expected_arrays(fixtures / "numpy_written.json");
  REQUIRE(expected.count("dense/kernel") == 1);
  for (const char* archive : {"numpy_written.npz", "numpy_written_compressed.npz"}) {
    INFO("archive " << archive);
    const auto arrays = read_npz(fixtures / archive);
    REQUIRE(arrays.size() == expected.size());
    for (const auto& array : arrays) {
      REQUIRE(expected.count(array.name) == 1);
      check_same(array, expected.at(array.name));
    }
  }
}

TEST_CASE("read_npz errors name the file and the entry", "[data][npz]") {
  TempDir tmp;
  SECTION("Fortran order") {
    const auto file = fixtures / "fortran_order.npz";
    REQUIRE_THROWS_AS(read_npz(file), nnplug::Error);
    REQUIRE_THROWS_WITH(read_npz(file), Contains("npz file '" + file.string() + "' entry 'kernel.npy'") &&
                                            Contains("Fortran (column-major) order"));
  }
  SECTION("an integer array") {
    const auto file = fixtures / "int32.npz";
    REQUIRE_THROWS_WITH(read_npz(file),
                        Contains("entry 'counts.npy' holds dtype '<i4'") && Contains("float32 ('<f4')"));
  }
  SECTION("a missing file") {
    const auto file = tmp / "gone.npz";
    REQUIRE_THROWS_WITH(read_npz(file), "cannot read npz file '" + file.string() + "': No such file or directory");
  }
  SECTION("not a zip archive") {
    const auto file = tmp.write("text.npz", "just some text, long enough to look for a zip directory in it");
    REQUIRE_THROWS_WITH(read_npz(file), Contains("npz file '" + file.string() + "' is not a valid npz (zip) archive"));
  }
  SECTION("a truncated archive") {
    const std::string whole = nnplug::test::read_file(fixtures / "numpy_written.npz");
    const auto file = tmp.write("cut.npz", whole.substr(0, whole.size() - 30));
    REQUIRE_THROWS_AS(read_npz(file), nnplug::Error);
  }
  SECTION("a damaged entry") {
    std::string bytes = nnplug::test::read_file(fixtures / "numpy_written.npz");
    const auto data_at = bytes.find("\x93NUMPY");
    REQUIRE(data_at != std::string::npos);
    bytes[data_at + 130] = static_cast<char>(bytes[data_at + 130] ^ 0x55);  // inside the first array's data
    const auto file = tmp.write("damaged.npz", bytes);
    REQUIRE_THROWS_WITH(read_npz(file), Contains("npz file '" + file.string() + "' entry '") && Contains("damaged"));
  }
  SECTION("an entry that is not .npy") {
    const auto file = tmp / "other.npz";
    {
      int code = 0;
      zip_t* archive = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
      REQUIRE(archive);
      static const char text[] = "hello";
      zip_file_add(archive, "readme.txt", zip_source_buffer(archive, text, 5, 0), 0);
      REQUIRE(zip_close(archive) == 0);
    }
    REQUIRE_THROWS_WITH(read_npz(file), Contains("entry 'readme.txt' is not a .npy array"));
  }
}

TEST_CASE("write_npz refuses inconsistent arrays and writes an empty archive", "[data][npz]") {
  TempDir tmp;
  const auto file = tmp / "w.npz";
  REQUIRE_THROWS_WITH(write_npz(file, {{"k", {2, 3}, {1, 2, 3}}}),
                      Contains("cannot write '" + file.string() + "': array 'k' has a shape of 6 values but holds 3"));
  REQUIRE_THROWS_WITH(write_npz(file, {{"k", {1}, {1}}, {"k", {1}, {2}}}), Contains("array 'k' appears twice"));
  REQUIRE_THROWS_WITH(write_npz(file, {{"", {1}, {1}}}), Contains("an array has an empty name"));
  CHECK(tmp.listing().empty());

  write_npz(file, {});
  CHECK(read_npz(file).empty());
  CHECK(zip_entries(file).empty());
}
