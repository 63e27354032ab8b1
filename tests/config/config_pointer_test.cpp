// ConfigSection names places as JSON pointers, ends every message with what was expected
// and what was found, and refuses to accept keys the core config schema does not declare.
#include <nnplug/base/error.hpp>
#include <nnplug/config/config.hpp>
#include <nnplug/config/config_schema.hpp>
#include <nnplug/config/json_pointer.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <stdexcept>

using namespace nnplug;
using Catch::Matchers::Equals;

namespace {

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("config places are JSON pointers", "[config][pointer]") {
  const ConfigSection root(Json{{"fit", {{"epochs", 2}}}}, "");
  CHECK(root.at("fit") == "/fit");
  CHECK(root.section("fit").at("epochs") == "/fit/epochs");
  CHECK(root.section("fit").at("callbacks", 2) == "/fit/callbacks/2");
  CHECK(ConfigSection(Json::object(), "fit").where() == "/fit");  // a bare name is a top-level key
  CHECK(pointer_to("/model", "a/b~c") == "/model/a~1b~0c");
}

TEST_CASE("config messages say what was expected and what was found", "[config][pointer]") {
  const ConfigSection fit(Json{{"batch_size", "32"}, {"shuffle", 1}, {"epoch", 3}}, "/fit");
  CHECK_THAT(error_of([&] { fit.integer("batch_size", 32, 1, 64); }),
             Equals("/fit/batch_size: wrong value (expected an integer in [1, 64], got \"32\" (string))"));
  CHECK_THAT(error_of([&] { fit.integer("epochs", 1, 10); }), Equals("/fit/epochs: missing (expected an integer in [1, 10])"));
  CHECK_THAT(error_of([&] { fit.boolean("shuffle", true); }),
             Equals("/fit/shuffle: wrong value (expected true or false, got 1 (integer))"));
  CHECK_THAT(error_of([&] { fit.allow_only_declared(); }),
             Equals("/fit/epoch: unknown key (expected one of batch_size, callbacks, epochs, initial_epoch, shuffle, "
                    "validation_split, verbose); did you mean 'epochs'?"));
  CHECK_THAT(error_of([] { ConfigSection(Json::array(), "/model"); }),
             Equals("/model: not a JSON object (expected an object {...}, got [] (array))"));
}

TEST_CASE("check_declared checks a section against the core config schema", "[config][pointer]") {
  CHECK_THAT(error_of([] { ConfigSection(Json{{"layers", Json::array({1})}}, "/model").check_declared(); }),
             Equals("/model/input_shape: missing (expected an array with at least 1 item)"));
  CHECK_THAT(error_of([] { ConfigSection(Json{{"input_shape", {4, 0}}, {"layers", {1}}}, "/model").check_declared(); }),
             Equals("/model/input_shape/1: out of range (expected an integer >= 1, got 0 (integer))"));
  CHECK_NOTHROW(ConfigSection(Json{{"input_shape", {4}}, {"layers", {1}}}, "/model").check_declared());
}

TEST_CASE("a key the code accepts but the core schema does not declare is a bug, not a user error", "[config][pointer]") {
  const ConfigSection output(Json::object(), "/output");
  CHECK_NOTHROW(output.allow_only({"dir", "weight_stats"}));
  CHECK_THROWS_AS(output.allow_only({"dir", "weight_stats", "overwrite"}), std::logic_error);
  // Places the core schema leaves to others (layers, plugins) are not checked against it.
  CHECK_NOTHROW(ConfigSection(Json::object(), "/model/layers/0").allow_only({"units", "anything"}));
}

TEST_CASE("the core config schema is well formed and resolves its own places", "[config][pointer]") {
  // Its "$ref"s to definitions others add (layers, plugins) do not resolve here; nothing else may fail.
  for (const auto& problem : check_schema(core_config_schema())) CHECK_THAT(problem, Catch::Contains("/$ref: "));
  REQUIRE(core_schema_at("/data/train") != nullptr);
  CHECK(declared_keys(*core_schema_at("/data/train")) == std::vector<std::string>{"format", "images", "label", "labels", "path"});
  CHECK(core_schema_at("/model/layers/0") == nullptr);
  CHECK(core_schema_at("/nothing") == nullptr);
  CHECK(core_schema_at("") == &core_config_schema());
}
