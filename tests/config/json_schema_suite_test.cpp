// Conformance with the official JSON-Schema-Test-Suite (Debian package json-schema-test-suite,
// draft 7). For each keyword json_schema.hpp claims, every test group of that keyword's file
// whose schema uses only claimed keywords runs, and every test's valid/invalid verdict must
// match. A missing suite fails: without it this file would prove nothing.
#include <nnplug/config/json_schema.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

namespace {

using nnplug::Json;

const std::filesystem::path suite_folder = "/usr/share/json-schema-test-suite/tests/draft7";

// The keywords json_schema.hpp documents; annotations (description, title, ...) have no file.
const std::set<std::string> claimed_keywords = {
    "type",     "minimum",   "maximum",   "exclusiveMinimum", "exclusiveMaximum", "enum",
    "const",    "minLength", "maxLength", "properties",       "patternProperties", "required",
    "additionalProperties", "items", "minItems", "maxItems", "default", "description", "title",
    "pattern", "anyOf", "oneOf", "$ref", "definitions"};

// The suite's file for each claimed keyword, plus true/false as schemas and the optional files
// on claimed keywords (1.0 is an integer; numbers beyond 64 bits).
const std::vector<std::string> suite_files = {
    "type",     "minimum",   "maximum",   "exclusiveMinimum", "exclusiveMaximum", "enum",
    "const",    "minLength", "maxLength", "properties",       "patternProperties", "required",
    "additionalProperties", "items", "minItems", "maxItems", "default", "boolean_schema",
    "pattern", "anyOf", "oneOf", "optional/zeroTerminatedFloats", "optional/bignum"};
// Not run: ref.json and definitions.json, whose groups mostly use remote references and
// $id, which the validator does not claim; local "$ref"s are tested in json_schema_test.cpp.

// Groups below this share of a file's groups would leave a claimed keyword untested.
constexpr double least_share_run = 0.8;

void collect_keywords(const Json& schema, std::set<std::string>& used) {
  if (!schema.is_object()) return;
  for (const auto& [keyword, value] : schema.items()) {
    used.insert(keyword);
    if (keyword == "properties" || keyword == "patternProperties") {
      for (const auto& [name, member] : value.items()) collect_keywords(member, used);
    } else if (keyword == "additionalProperties" || (keyword == "items" && !value.is_array())) {
      collect_keywords(value, used);
    } else if (keyword == "items" || keyword == "anyOf" || keyword == "oneOf") {
      for (const auto& item : value) collect_keywords(item, used);
    } else if (keyword == "definitions") {
      for (const auto& [name, member] : value.items()) collect_keywords(member, used);
    }
  }
}

std::vector<std::string> unclaimed_keywords(const Json& schema) {
  std::set<std::string> used;
  collect_keywords(schema, used);
  std::vector<std::string> out;
  for (const auto& keyword : used)
    if (!claimed_keywords.count(keyword)) out.push_back(keyword);
  return out;
}

Json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  return Json::parse(in);
}

struct Tally {
  std::string file;
  int groups = 0, groups_run = 0, tests_run = 0, tests_skipped = 0;
};

Tally run_file(const std::string& file) {
  const auto path = suite_folder / (file + ".json");
  INFO("suite file " << path.string());
  REQUIRE(std::filesystem::is_regular_file(path));
  Tally tally{file};
  for (const auto& group : read_json(path)) {
    const Json& schema = group.at("schema");
    const auto& tests = group.at("tests");
    ++tally.groups;
    INFO("group '" << group.at("description").get<std::string>() << "', schema " << schema.dump());
    if (!unclaimed_keywords(schema).empty()) {
      // What the header does not claim, check_schema must refuse: the two lists agree.
      CHECK_FALSE(nnplug::check_schema(schema).empty());
      tally.tests_skipped += static_cast<int>(tests.size());
      continue;
    }
    // A schema of claimed keywords is accepted, except for a default that breaks its own
    // schema (default.json tests that validation ignores it; check_schema does not).
    for (const auto& problem : nnplug::check_schema(schema)) CHECK_THAT(problem, Catch::Contains("/default: violates"));
    ++tally.groups_run;
    for (const auto& test : tests) {
      const auto violations = nnplug::validate(schema, test.at("data"), "suite");
      INFO("test '" << test.at("description").get<std::string>() << "', data " << test.at("data").dump()
                    << (violations.empty() ? std::string() : ", first violation: " + violations.front().problem));
      CHECK(violations.empty() == test.at("valid").get<bool>());
      ++tally.tests_run;
    }
  }
  return tally;
}

}  // namespace

TEST_CASE("the schema validator gives the JSON-Schema-Test-Suite's verdicts for every claimed keyword") {
  {
    INFO("install the Debian package json-schema-test-suite (tools/install-deps.sh)");
    REQUIRE(std::filesystem::is_directory(suite_folder));
  }

  std::vector<Tally> tallies;
  for (const auto& file : suite_files) tallies.push_back(run_file(file));

  std::cout << "JSON-Schema-Test-Suite draft7: tests run / skipped (groups run / in file)\n";
  for (const auto& tally : tallies) {
    std::cout << "  " << tally.file << ": " << tally.tests_run << " / " << tally.tests_skipped << " (" << tally.groups_run
              << " / " << tally.groups << ")\n";
    INFO(tally.file << ": " << tally.groups_run << " of " << tally.groups << " groups ran");
    CHECK(tally.tests_run > 0);
    CHECK(tally.groups_run >= least_share_run * tally.groups);
  }
}
