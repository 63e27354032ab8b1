#include "io/hostile_input.hpp"
#include "support/temp_dir.hpp"

#include <nnplug/base/error.hpp>
#include <nnplug/config/json_reader.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>

#include <sys/stat.h>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using nnplug::load_json_file;
using nnplug::parse_json_document;
using nnplug::test::TempDir;

namespace {
std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }
}  // namespace

TEST_CASE("JSON nested deeper than the limit is refused with the file, line and column", "[config][json_reader]") {
  CHECK(parse_json_document(nested_arrays(nnplug::max_json_depth), "ok.json").is_array());
  REQUIRE_THROWS_WITH(parse_json_document(nested_arrays(nnplug::max_json_depth + 1), "deep.json"),
                      "deep.json:1:129: JSON nested more than 128 levels deep; no nnplug file needs that many, "
                      "flatten the structure");
  // Deep enough to overflow any stack if anything recursed: refused by the scan alone.
  const std::string objects = [] {
    std::string text = "{\n";
    for (int i = 0; i < 1'000'000; ++i) text += "\"a\": {";
    return text;
  }();
  REQUIRE_THROWS_WITH(parse_json_document(objects, "objects.json"), StartsWith("objects.json:2:") &&
                                                                         Contains("nested more than 128 levels"));
  // Brackets inside strings are text, not nesting.
  CHECK(parse_json_document("{\"a\": \"" + std::string(1000, '[') + "\\\"{\"}", "s.json")["a"].get<std::string>().size() ==
        1002);

  TempDir tmp;
  const auto file = tmp.write("deep.json", "{\"model\":\n" + nested_arrays(100'000) + "}");
  REQUIRE_THROWS_AS(load_json_file(file), nnplug::Error);
  REQUIRE_THROWS_WITH(load_json_file(file), StartsWith(file.string() + ":2:128: JSON nested more than 128"));
}

TEST_CASE("a key given twice in one object is refused with the key, its place and line", "[config][json_reader]") {
  REQUIRE_THROWS_WITH(parse_json_document("{\"fit\": {\"epochs\": 1,\n  \"epochs\": 5}}", "run.json"),
                      "run.json:2:3: key 'epochs' appears twice in '/fit'; JSON objects take each key once, keep the "
                      "one you mean");
  REQUIRE_THROWS_WITH(parse_json_document("{\"seed\": 1, \"seed\": 1}", "top.json"),
                      Contains("top.json:1:13: key 'seed' appears twice in the top level"));
  // An escaped spelling is the same key.
  REQUIRE_THROWS_WITH(parse_json_document("{\"ab\": 1, \"a\\u0062\": 2}", "esc.json"),
                      Contains("key 'ab' appears twice"));
  // Array elements are named by index in the pointer.
  REQUIRE_THROWS_WITH(parse_json_document("{\"model\": {\"layers\": [{}, {\"units\": 1, \"units\": 2}]}}", "l.json"),
                      Contains("appears twice in '/model/layers/1'"));
  // The same key in different objects, or as a value, is fine.
  const auto json = parse_json_document(
      R"({"x": {"a": 1}, "y": {"a": 2}, "list": [{"a": 1}, {"a": 2}], "a": "a", "b": ["a", "a"]})", "fine.json");
  CHECK(json["y"]["a"] == 2);
  // A syntax error is still reported as one, with its place.
  REQUIRE_THROWS_WITH(parse_json_document("{\"a\": 1,\n \"a\" 2}", "bad.json"), StartsWith("bad.json:2:") &&
                                                                                    Contains("malformed JSON"));
}

TEST_CASE("a config that is a FIFO or a device is refused before a byte is read", "[config][json_reader]") {
  TempDir tmp;
  const auto fifo = tmp / "run.json";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // In a child with an alarm: a reader that blocked on the FIFO would hang the test otherwise.
  const auto outcome = nnplug::test::run_in_child([&] {
    ::alarm(10);
    load_json_file(fifo);
  });
  CHECK_FALSE(outcome.crashed);
  CHECK(outcome.error == fifo.string() +
                             ": the config file is a FIFO (named pipe), not a regular file; give the path of a regular file");
  REQUIRE_THROWS_WITH(load_json_file("/dev/zero"),
                      "/dev/zero: the config file is a character device, not a regular file; give the path of a regular file");
}

TEST_CASE("a config larger than NNPLUG_MAX_INPUT_BYTES is refused, naming the variable", "[config][json_reader]") {
  TempDir tmp;
  const auto file = tmp.write("big.json", "{\"seed\": 12345}");
  const auto outcome = nnplug::test::run_in_child([&] {
    ::setenv("NNPLUG_MAX_INPUT_BYTES", "10", 1);
    load_json_file(file);
  });
  CHECK(outcome.error == file.string() +
                             ": the config file is 15 bytes, more than the input limit of 10 bytes; if the file is right, "
                             "raise the limit with NNPLUG_MAX_INPUT_BYTES=<bytes>, otherwise the file is corrupt");
  const auto bad_limit = nnplug::test::run_in_child([&] {
    ::setenv("NNPLUG_MAX_INPUT_BYTES", "8G", 1);
    load_json_file(file);
  });
  CHECK_THAT(bad_limit.error, StartsWith("NNPLUG_MAX_INPUT_BYTES='8G' is not a positive whole number of bytes"));
}

TEST_CASE("a number beyond a double is a malformed-JSON error naming the file", "[config][json_reader]") {
  // Found by fuzz/json_config: nlohmann throws out_of_range, not parse_error, for it.
  REQUIRE_THROWS_AS(parse_json_document("{\"lr\": 2.5e7777}", "big.json"), nnplug::Error);
  REQUIRE_THROWS_WITH(parse_json_document("{\"lr\": 2.5e7777}", "big.json"),
                      "big.json: malformed JSON (number overflow parsing '2.5e7777'); fix the file and run again");
}
