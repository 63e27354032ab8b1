// The validator's messages, pointers, defaults and schema checks. Every message reads
// "<what is wrong> (expected <x>, got <y>)", the form of every config error.
#include <nnplug/config/json_schema.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using nnplug::Json;
using Catch::Contains;
using Catch::Equals;

// A schema shaped like a plugin's.
const Json adam_schema = Json::parse(R"({
  "type": "object",
  "properties": {
    "beta_1": {"type": "number", "minimum": 0, "exclusiveMaximum": 1, "default": 0.9},
    "beta_2": {"type": "number", "minimum": 0, "exclusiveMaximum": 1, "default": 0.999},
    "epsilon": {"type": "number", "exclusiveMinimum": 0, "default": 1e-7},
    "amsgrad": {"type": "boolean", "default": false}
  },
  "additionalProperties": false
})");

std::string only_problem(const Json& schema, const Json& value, std::string_view owner = "adam") {
  const auto violations = nnplug::validate(schema, value, owner);
  INFO("value " << value.dump());
  REQUIRE(violations.size() == 1);
  return violations.front().problem;
}

Json object_with(const char* name, const Json& property) {
  return {{"type", "object"}, {"properties", {{name, property}}}, {"additionalProperties", false}};
}

}  // namespace

TEST_CASE("a valid value has no violations") {
  CHECK(nnplug::validate(adam_schema, Json::object(), "adam").empty());
  CHECK(nnplug::validate(adam_schema, {{"beta_1", 0}, {"epsilon", 1}, {"amsgrad", true}}, "adam").empty());
  CHECK(nnplug::validate(true, Json::array({1, "x"}), "anything").empty());
}

TEST_CASE("type and range problems name the expected and the received value") {
  const Json learning_rate = object_with("learning_rate", {{"type", "number"}, {"exclusiveMinimum", 0}});
  CHECK_THAT(only_problem(learning_rate, {{"learning_rate", 0}}), Equals("out of range (expected a number > 0, got 0 (integer))"));
  CHECK_THAT(only_problem(adam_schema, {{"beta_1", 1.5}}), Equals("out of range (expected a number in [0, 1), got 1.5 (number))"));
  CHECK_THAT(only_problem(adam_schema, {{"amsgrad", "yes"}}), Equals("wrong type (expected a boolean, got \"yes\" (string))"));

  const Json decay = object_with("decay", {{"type", {"number", "null"}}, {"minimum", 0}});
  CHECK_THAT(only_problem(decay, {{"decay", -1}}), Equals("out of range (expected a number or null >= 0, got -1 (integer))"));
  CHECK(nnplug::validate(decay, {{"decay", nullptr}}, "sgd").empty());

  const Json rate = object_with("rate", {{"maximum", 1}});
  CHECK_THAT(only_problem(rate, {{"rate", 2}}), Equals("out of range (expected a value <= 1, got 2 (integer))"));
}

TEST_CASE("a range with both bound forms names the tighter one") {
  const Json schema = {{"minimum", 0}, {"exclusiveMinimum", 0}, {"maximum", 1}, {"exclusiveMaximum", 2}};
  CHECK_THAT(only_problem(schema, 0), Equals("out of range (expected a value in (0, 1], got 0 (integer))"));
}

TEST_CASE("enum, const, required and sizes") {
  const Json mode = object_with("mode", {{"type", "string"}, {"enum", {"a", "b"}}});
  CHECK_THAT(only_problem(mode, {{"mode", "c"}}), Equals(R"(not an allowed value (expected one of ["a","b"], got "c" (string)))"));
  CHECK_THAT(only_problem(Json{{"const", 2}}, 3), Equals("not the allowed value (expected exactly 2, got 3 (integer))"));

  Json units = object_with("units", {{"type", "integer"}, {"minimum", 1}});
  units["required"] = {"units"};
  const auto missing = nnplug::validate(units, Json::object(), "dense");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].pointer == "/units");
  CHECK_THAT(missing[0].problem, Equals("missing (expected an integer >= 1)"));
  units["properties"].erase("units");
  CHECK_THAT(only_problem(units, Json::object()), Equals("missing (expected a value)"));

  const Json shape = {{"type", "array"}, {"minItems", 1}, {"maxItems", 3}};
  CHECK_THAT(only_problem(shape, Json::array()), Equals("out of range (expected an array with 1 to 3 items, got [] (array))"));
  CHECK_THAT(only_problem(Json{{"minItems", 1}}, Json::array()), Equals("out of range (expected a value with at least 1 item, got [] (array))"));
  CHECK_THAT(only_problem(Json{{"type", "string"}, {"minLength", 1}}, ""),
             Equals("out of range (expected a string with at least 1 character, got \"\" (string))"));
}

TEST_CASE("an unknown key names the near parameters and all of them") {
  CHECK_THAT(only_problem(adam_schema, {{"beta1", 0.9}}),
             Equals("unknown parameter (expected one of amsgrad, beta_1, beta_2, epsilon); did you mean 'beta_1', 'beta_2'?"));
  CHECK_THAT(only_problem(adam_schema, {{"momentum", 0.9}}),
             Equals("unknown parameter (expected one of amsgrad, beta_1, beta_2, epsilon)"));
  const Json nothing = {{"type", "object"}, {"additionalProperties", false}};
  CHECK_THAT(only_problem(nothing, {{"x", 1}}, "zeros"), Equals("unknown parameter (expected none)"));

  const Json nested = object_with("clip", object_with("norm", {{"type", "number"}}));
  const auto violations = nnplug::validate(nested, {{"clip", {{"nrm", 1}}}}, "sgd");
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].pointer == "/clip/nrm");
  CHECK_THAT(violations[0].problem, Equals("unknown key (expected one of norm); did you mean 'norm'?"));
}

TEST_CASE("additionalProperties may be true, absent or a schema") {
  const Json open = {{"properties", {{"a", {{"type", "number"}}}}}};
  CHECK(nnplug::validate(open, {{"b", "anything"}}, "x").empty());
  const Json typed = {{"additionalProperties", {{"type", "boolean"}}}};
  CHECK_THAT(only_problem(typed, {{"flag", 1}}), Equals("wrong type (expected a boolean, got 1 (integer))"));
  CHECK(nnplug::validate({{"additionalProperties", true}}, {{"b", 1}}, "x").empty());
}

TEST_CASE("every violation is reported with its pointer, in document order") {
  const Json schema = {{"type", "object"},
                       {"properties",
                        {{"boundaries", {{"type", "array"}, {"items", {{"type", "number"}}}}},
                         {"name", {{"type", "string"}}},
                         {"a/b~c", {{"type", "integer"}}}}},
                       {"required", {"name"}},
                       {"additionalProperties", false}};
  const Json value = {{"boundaries", {1, 2, "x", true}}, {"a/b~c", 0.5}, {"zz", 1}};
  const auto violations = nnplug::validate(schema, value, "piecewise");
  REQUIRE(violations.size() == 5);
  CHECK(violations[0].pointer == "/name");  // the object's own problem comes before its members'
  CHECK(violations[0].problem == "missing (expected a string)");
  CHECK(violations[1].pointer == "/a~1b~0c");
  CHECK(violations[1].problem == "wrong type (expected an integer, got 0.5 (number))");
  CHECK(violations[2].pointer == "/boundaries/2");
  CHECK(violations[2].problem == "wrong type (expected a number, got \"x\" (string))");
  CHECK(violations[3].pointer == "/boundaries/3");
  CHECK(violations[3].problem == "wrong type (expected a number, got true (boolean))");
  CHECK(violations[4].pointer == "/zz");
  CHECK_THAT(violations[4].problem, Equals("unknown parameter (expected one of a/b~c, boundaries, name)"));
}

TEST_CASE("the whole value is the empty pointer, and nothing inside a wrongly typed value is reported") {
  const auto root = nnplug::validate(adam_schema, Json::array({1}), "adam");
  REQUIRE(root.size() == 1);
  CHECK(root[0].pointer.empty());
  CHECK(root[0].problem == "wrong type (expected an object, got [1] (array))");

  const auto element = nnplug::validate(Json{{"items", false}}, Json::array({1}), "x");
  REQUIRE(element.size() == 1);
  CHECK(element[0].pointer == "/0");
  CHECK(element[0].problem == "not allowed here (expected nothing, got 1 (integer))");
}

TEST_CASE("numbers compare as JSON Schema says") {
  const Json integer = {{"type", "integer"}};
  CHECK(nnplug::validate(integer, 3.0, "x").empty());
  CHECK_FALSE(nnplug::validate(integer, 3.5, "x").empty());
  CHECK_FALSE(nnplug::validate(Json{{"type", "number"}}, true, "x").empty());
  CHECK(nnplug::validate(Json{{"enum", {1, 2}}}, 1.0, "x").empty());
  CHECK(nnplug::validate(Json{{"const", {{"a", {1}}}}}, Json{{"a", {1.0}}}, "x").empty());
  CHECK_FALSE(nnplug::validate(Json{{"enum", {1}}}, true, "x").empty());
  CHECK_FALSE(nnplug::validate(Json{{"const", -1}}, Json(std::uint64_t(18446744073709551615u)), "x").empty());
  CHECK(nnplug::validate(Json{{"maximum", std::uint64_t(18446744073709551615u)}}, std::uint64_t(18446744073709551614u), "x").empty());
}

TEST_CASE("with_defaults fills absent properties and keeps the given ones") {
  const Json filled = nnplug::with_defaults(adam_schema, {{"beta_1", 0.5}});
  CHECK(filled == Json{{"beta_1", 0.5}, {"beta_2", 0.999}, {"epsilon", 1e-7}, {"amsgrad", false}});
  CHECK(nnplug::with_defaults(adam_schema, 3) == 3);
  CHECK(nnplug::with_defaults(adam_schema, nullptr).is_null());
  CHECK(nnplug::with_defaults(true, {{"a", 1}}) == Json{{"a", 1}});

  const Json clip = {{"type", "object"}, {"properties", {{"norm", {{"default", 1.0}}}, {"mode", {{"default", "global"}}}}}};
  const Json nested = {{"properties", {{"clip", clip}, {"clip_default", {{"properties", clip["properties"]}, {"default", Json::object()}}}}}};
  CHECK(nnplug::with_defaults(nested, {{"clip", {{"norm", 5}}}}) ==
        Json{{"clip", {{"norm", 5}, {"mode", "global"}}}, {"clip_default", {{"norm", 1.0}, {"mode", "global"}}}});
  CHECK(nnplug::with_defaults(nested, Json::object()) == Json{{"clip_default", {{"norm", 1.0}, {"mode", "global"}}}});

  const Json layers = {{"items", clip}};
  CHECK(nnplug::with_defaults(layers, Json::array({Json::object(), 7})) ==
        Json::array({Json{{"norm", 1.0}, {"mode", "global"}}, 7}));
}

TEST_CASE("check_schema accepts the supported subset") {
  CHECK(nnplug::check_schema(adam_schema).empty());
  CHECK(nnplug::check_schema(true).empty());
  const Json everything = Json::parse(R"({
    "$schema": "http://json-schema.org/draft-07/schema#", "title": "t", "description": "d", "$comment": "c",
    "type": ["object", "null"], "required": ["a"], "additionalProperties": {"type": "string", "maxLength": 3},
    "patternProperties": {"^x_": {"type": "integer", "maximum": 3, "exclusiveMinimum": 0}},
    "properties": {"a": {"type": "array", "items": [{"const": 1}, true], "minItems": 1, "maxItems": 2,
                         "default": [1]},
                   "b": {"enum": ["p", 2], "examples": ["p"], "minLength": 0}}
  })");
  CHECK(nnplug::check_schema(everything).empty());
}

TEST_CASE("check_schema names each problem with its place in the schema") {
  const auto problems = [](const char* text) { return nnplug::check_schema(Json::parse(text)); };
  CHECK_THAT(problems(R"({"properties": {"beta_1": {"minimun": 0}}})").at(0),
             Contains("schema /properties/beta_1/minimun: is not a supported keyword; did you mean 'minimum', "));
  CHECK_THAT(problems(R"({"allOf": [true]})").at(0), Contains("schema /allOf: is not a supported keyword"));
  CHECK_THAT(problems(R"({"$ref": "#/definitions/x"})").at(0), Contains("schema /$ref: must be a reference like"));
  CHECK_THAT(problems(R"({"oneOf": []})").at(0), Contains("schema /oneOf: must be a non-empty array of schemas"));
  CHECK_THAT(problems(R"({"pattern": "("})").at(0), Contains("schema /pattern: is not a valid regular expression"));
  CHECK_THAT(problems(R"({"properties": {"beta_1": {"minimum": "x"}}})").at(0),
             Equals("schema /properties/beta_1/minimum: must be a number; got \"x\" (string)"));
  CHECK_THAT(problems(R"({"type": "float"})").at(0), Contains("schema /type: must be a type name"));
  CHECK_THAT(problems(R"({"type": ["number", "number"]})").at(0), Contains("schema /type: must be a type name"));
  CHECK_THAT(problems(R"({"minItems": -1})").at(0), Equals("schema /minItems: must be an integer >= 0; got -1 (integer)"));
  CHECK_THAT(problems(R"({"required": "a"})").at(0), Contains("schema /required: must be an array of distinct strings"));
  CHECK_THAT(problems(R"({"enum": []})").at(0), Contains("schema /enum: must be a non-empty array"));
  CHECK_THAT(problems(R"({"items": [3]})").at(0), Equals("schema /items/0: a schema must be an object or a boolean; got 3 (integer)"));
  CHECK_THAT(problems(R"({"patternProperties": {"(": {}}})").at(0),
             Contains("schema /patternProperties/(: is not a valid regular expression"));
  CHECK_THAT(problems("3").at(0), Equals("schema: a schema must be an object or a boolean; got 3 (integer)"));
  CHECK(problems(R"({"minimum": 1, "maximum": "x", "minItems": 0.5})").size() == 2);
}

TEST_CASE("check_schema refuses a default that breaks its own schema") {
  const auto problems = [](const char* text) { return nnplug::check_schema(Json::parse(text)); };
  CHECK_THAT(problems(R"({"properties": {"epsilon": {"type": "number", "exclusiveMinimum": 0, "default": 0}}})").at(0),
             Equals("schema /properties/epsilon/default: violates its own schema: out of range (expected a number > 0, got 0 (integer))"));
  CHECK_THAT(problems(R"({"properties": {"clip": {"properties": {"norm": {"type": "number"}}, "default": {"norm": "x"}}}})").at(0),
             Equals("schema /properties/clip/default: violates its own schema at /norm: wrong type (expected a number, got \"x\" (string))"));
  // A nested default fills what the outer default leaves out, as with_defaults does.
  CHECK(problems(R"({"properties": {"clip": {"required": ["norm"], "properties": {"norm": {"default": 1}}, "default": {}}}})").empty());
  // A malformed schema is reported as such; its default is not judged against it.
  CHECK(problems(R"({"minimum": "x", "default": 5})").size() == 1);
}

TEST_CASE("oneOf, anyOf, pattern and local $refs", "[config][schema]") {
  const Json schema = Json::parse(R"({
    "definitions": {"rate": {"type": "number", "minimum": 0}},
    "type": "object",
    "properties": {
      "rate": {"$ref": "#/definitions/rate"},
      "plugin": {"oneOf": [{"type": "string", "pattern": "^[a-z0-9_]+$"},
                           {"type": "object", "properties": {"name": {"type": "string"}, "l2": {"type": "number"}},
                            "required": ["name"], "additionalProperties": false}]},
      "either": {"anyOf": [{"type": "integer"}, {"type": "string", "title": "a word"}]},
      "both": {"oneOf": [{"type": "number"}, {"type": "integer"}]}
    }
  })");
  REQUIRE(nnplug::check_schema(schema).empty());
  CHECK(nnplug::validate(schema, {{"rate", 1}, {"plugin", "l2"}, {"either", "x"}, {"both", 0.5}}, "x").empty());
  CHECK(nnplug::validate(schema, {{"plugin", {{"name", "l2"}, {"l2", 0.1}}}, {"either", 3}}, "x").empty());
  CHECK_THAT(only_problem(schema, {{"rate", -1}}), Equals("out of range (expected a number >= 0, got -1 (integer))"));
  CHECK_THAT(only_problem(schema, {{"both", 1}}), Equals("matches more than one allowed form (expected exactly one, got 1 (integer))"));
  // Only the object form fits an object, so its problem is the one reported, at its own place.
  const auto inner = nnplug::validate(schema, {{"plugin", {{"name", "l2"}, {"l2", "x"}}}}, "x");
  REQUIRE(inner.size() == 1);
  CHECK(inner[0].pointer == "/plugin/l2");
  CHECK_THAT(only_problem(schema, {{"either", true}}),
             Equals("matches none of the allowed forms (expected an integer | a word, got true (boolean))"));
  CHECK_THAT(only_problem(schema, {{"plugin", "L2"}}),
             Equals("wrong form (expected a string matching \"^[a-z0-9_]+$\", got \"L2\" (string))"));
}
