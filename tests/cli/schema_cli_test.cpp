// `nnplug schema`: one JSON Schema for config files. It must accept every example config
// and refuse broken ones, by the project's validator and by Python's jsonschema (an
// independent implementation of draft 7), and it must declare every key the runtime reads.
#include "support/cli.hpp"

#include <nnplug/config/config_schema.hpp>
#include <nnplug/config/json_schema.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

using namespace nnplug;
using namespace nnplug::test;

namespace {

Json schema_from_cli(const TempDir& dir) {
  const auto result = run_nnplug({"schema"}, dir.path());
  INFO("stderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  return Json::parse(result.out);
}

std::vector<std::filesystem::path> example_configs() {
  std::vector<std::filesystem::path> configs;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::filesystem::path(NNPLUG_SOURCE_DIR) / "examples"))
    if (entry.path().extension() == ".json") configs.push_back(entry.path());
  return configs;
}

Json read_json(const std::filesystem::path& path) { return Json::parse(read_file(path)); }

// Python's jsonschema on `config`: "" when valid, else its first message.
std::string python_verdict(const TempDir& dir, const Json& schema, const Json& config) {
  write_file(dir / "schema.json", schema.dump());
  write_file(dir / "candidate.json", config.dump());
  write_file(dir / "validate.py", R"(import json, sys, jsonschema
schema = json.load(open("schema.json"))
jsonschema.Draft7Validator.check_schema(schema)
errors = list(jsonschema.Draft7Validator(schema).iter_errors(json.load(open("candidate.json"))))
print("/".join(str(p) for p in errors[0].absolute_path) + ": " + errors[0].message[:300] if errors else "", end="")
)");
  const auto result = run("/usr/bin/python3", {"validate.py"}, dir.path());
  INFO("python stderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  return result.out;
}

std::string own_verdict(const Json& schema, const Json& config) {
  const auto violations = validate(schema, config, "config");
  return violations.empty() ? "" : violations.front().pointer + ": " + violations.front().problem;
}

// Changes that break a valid config, each in a way the schema knows about.
const std::vector<std::pair<const char*, void (*)(Json&)>> breakages = {
    {"epochs as a string", [](Json& c) { c["fit"]["epochs"] = "5"; }},
    {"a misspelled fit key", [](Json& c) { c["fit"]["epoch"] = 5; }},
    {"a misspelled layer type", [](Json& c) { c["model"]["layers"][0]["type"] = "dens"; }},
    {"a layer key of another layer", [](Json& c) { c["model"]["layers"][0]["rate"] = 0.5; }},
    {"units 0", [](Json& c) { c["model"]["layers"][0]["units"] = 0; }},
    {"an unknown optimizer", [](Json& c) { c["compile"]["optimizer"] = "adamm"; }},
    {"beta_1 out of range", [](Json& c) { c["compile"]["optimizer"] = {{"name", "adam"}, {"beta_1", 1.5}}; }},
    {"a misspelled core optimizer option", [](Json& c) { c["compile"]["optimizer"] = {{"name", "adam"}, {"clip_norm", 1}}; }},
    {"an unknown regularizer parameter",
     [](Json& c) { c["model"]["layers"][0]["kernel_regularizer"] = {{"name", "l2"}, {"l3", 0.1}}; }},
    {"an unknown activation", [](Json& c) { c["model"]["layers"][0]["activation"] = "rellu"; }},
    {"no compile section", [](Json& c) { c.erase("compile"); }},
    {"a data source without a path", [](Json& c) { c["data"]["train"] = {{"format", "csv"}}; }},
};

}  // namespace

TEST_CASE("nnplug schema is a well-formed draft 7 schema that accepts every example config", "[cli][schema]") {
  TempDir dir;
  const Json schema = schema_from_cli(dir);
  CHECK(check_schema(schema).empty());
  CHECK(schema["$schema"] == "http://json-schema.org/draft-07/schema#");
  const auto configs = example_configs();
  REQUIRE(configs.size() >= 2);
  for (const auto& path : configs) {
    INFO(path.string());
    const Json config = read_json(path);
    CHECK(own_verdict(schema, config) == "");
    CHECK(python_verdict(dir, schema, config) == "");
  }
}

TEST_CASE("nnplug schema refuses broken configs, by its own validator and by Python's jsonschema", "[cli][schema]") {
  TempDir dir;
  const Json schema = schema_from_cli(dir);
  const Json example = read_json(std::filesystem::path(NNPLUG_SOURCE_DIR) / "examples" / "configs" / "fashion_mnist.json");
  for (const auto& [what, breaks] : breakages) {
    INFO(what);
    Json config = example;
    breaks(config);
    CHECK(own_verdict(schema, config) != "");
    CHECK(python_verdict(dir, schema, config) != "");
  }
  // Names match as the runtime matches them: in any case, with or without underscores.
  Json keras = example;
  keras["compile"]["optimizer"] = {{"class_name", "Adam"}, {"config", {{"name", "adam"}, {"beta_1", 0.8}}}};
  keras["model"]["layers"][0] = {{"class_name", "Dense"}, {"config", {{"units", 8}, {"kernel_initializer", "GlorotUniform"}}}};
  CHECK(own_verdict(schema, keras) == "");
  CHECK(python_verdict(dir, schema, keras) == "");
  keras["compile"]["optimizer"]["config"]["beta_1"] = 2;
  CHECK(own_verdict(schema, keras) != "");
  CHECK(python_verdict(dir, schema, keras) != "");
}

TEST_CASE("Python's jsonschema is installed (tools/install-deps.sh)", "[cli][schema]") {
  TempDir dir;
  const auto result = run("/usr/bin/python3", {"-c", "import jsonschema"}, dir.path());
  INFO("apt-get install python3-jsonschema: " << result.err);
  REQUIRE(result.exit_code == 0);
}

// The other direction of "the schema cannot drift": ConfigSection::allow_only throws when
// training_run.cpp accepts a key the core schema lacks, so these runs prove the runtime's
// keys are in the schema; together they use every key the core schema declares, so every
// declared key is one the runtime accepts.
namespace {

void write_idx(const std::filesystem::path& path, const std::vector<std::uint32_t>& dims,
               const std::vector<unsigned char>& values) {
  std::string bytes{'\0', '\0', '\x08', static_cast<char>(dims.size())};
  for (const auto dim : dims)
    for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>((dim >> shift) & 0xff);
  bytes.append(values.begin(), values.end());
  write_file(path, bytes);
}

// The keys of train, test and validation are one place: the data source definition.
const std::string data_source = "#/definitions/data_source";

// Every key path ("/fit/epochs", "#/definitions/data_source/format") the config uses; the
// layers' and plugins' keys are not the core schema's (the layer table's schemas are the
// layers' only key lists, and plugins declare their own).
void collect_keys(const Json& value, const std::string& at, std::set<std::string>& keys) {
  if (!value.is_object()) return;
  for (const auto& [key, member] : value.items()) {
    keys.insert(at + "/" + key);
    const bool source = at == "/data" && (key == "train" || key == "test" || key == "validation");
    if (key != "optimizer" && key != "loss") collect_keys(member, source ? data_source : at + "/" + key, keys);
  }
}

void collect_declared(const Json& schema, const std::string& at, std::set<std::string>& keys) {
  const Json* object = &schema;
  std::string place = at;
  if (object->contains("$ref")) {
    place = (*object)["$ref"].get<std::string>();
    object = core_config_schema().contains(Json::json_pointer(place.substr(1)))
                 ? &core_config_schema().at(Json::json_pointer(place.substr(1)))
                 : nullptr;
    if (!object) return;  // defined by others: layers, plugins, losses
  }
  for (const auto& key : declared_keys(*object)) {
    keys.insert(place + "/" + key);
    collect_declared((*object)["properties"][key], place + "/" + key, keys);
  }
}

}  // namespace

TEST_CASE("every key of the core schema is one the runtime accepts, and the reverse", "[cli][schema]") {
  TempDir dir;
  write_blobs_csv(dir / "blobs.csv", 40, 4, 3, 1);
  std::vector<unsigned char> pixels(40 * 4), labels(40);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<unsigned char>((i * 37) % 256);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<unsigned char>(i % 3);
  write_idx(dir / "images.idx", {40, 2, 2}, pixels);
  write_idx(dir / "labels.idx", {40}, labels);
  const Json csv = {{"format", "csv"}, {"path", "blobs.csv"}, {"label", "label"}};
  const Json idx = {{"format", "idx"}, {"images", "images.idx"}, {"labels", "labels.idx"}};

  Json first = blobs_config("blobs.csv", 4, 3);
  first["data"] = {{"train", idx}, {"validation", csv}, {"test", csv}, {"scale", 255}};
  first["model"]["name"] = "every_key";
  first["model"]["input_shape"] = {2, 2};
  first["model"]["layers"] = Json::array({{{"type", "flatten"}}, {{"type", "dense"}, {"units", 3}}});
  first["fit"] = {{"epochs", 2}, {"batch_size", 8}, {"shuffle", false}, {"initial_epoch", 1}, {"verbose", 0},
                  {"callbacks", Json::array({"terminate_on_nan"})}};
  first["output"] = {{"dir", "first"}, {"weight_stats", true}};

  Json second = first;
  second["data"] = {{"train", idx}, {"validation_split", 0.25}};
  second["model"]["initial_weights"] = "first/weights.npz";
  second["output"]["dir"] = "second";
  Json third = second;
  third["data"].erase("validation_split");
  third["fit"]["validation_split"] = 0.25;
  third["output"]["dir"] = "third";

  std::set<std::string> used;
  for (const Json* config : {&first, &second, &third}) {
    write_file(dir / "config.json", config->dump(2));
    const auto result = run_nnplug({"train", "config.json", "--quiet"}, dir.path());
    INFO(config->dump() << "\nstderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    collect_keys(*config, "", used);
  }
  std::set<std::string> declared;
  collect_declared(core_config_schema(), "", declared);
  for (const auto& key : declared) {
    INFO("declared by core/config/config_schema.cpp, unused by these runs: " << key);
    CHECK(used.count(key) == 1);
  }
  for (const auto& key : used) {
    INFO("used by these runs, not declared: " << key);
    CHECK(declared.count(key) == 1);
  }
}
