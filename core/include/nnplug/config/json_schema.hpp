#pragma once
// The JSON Schema validator behind every plugin's parameters: the host checks a plugin's
// schema when it loads the plugin, validates the user's JSON against it and fills in the
// defaults before the plugin's constructor runs (SDK 3's Params only reads).
//
// Supported subset of draft 7 (checked against the JSON-Schema-Test-Suite in
// tests/config/json_schema_suite_test.cpp). A schema is an object or a boolean (true
// accepts everything, false nothing).
//   type                  "number" | "integer" | "boolean" | "string" | "array" | "object" | "null",
//                         or an array of them; "integer" is any number with zero fractional
//                         part (1.0 is one), and a boolean is never a number
//   minimum, maximum, exclusiveMinimum, exclusiveMaximum   numbers (draft 6+ forms)
//   enum, const           compared as JSON values, numbers mathematically (1 == 1.0)
//   minLength, maxLength  counted in Unicode code points
//   properties, patternProperties (ECMAScript regex, unanchored), required,
//   additionalProperties  (false, true or a schema)
//   items                 one schema for every element, or an array of schemas by position
//   minItems, maxItems
//   pattern               ECMAScript regex, unanchored
//   anyOf, oneOf          at least one / exactly one of the schemas
//   $ref, definitions     local references only ("#/definitions/layer"); siblings of $ref are ignored
//   default               an annotation for with_defaults; it must satisfy its own schema
//   description, title, $comment, $schema, examples        annotations, not checked against
// Anything else (allOf, not, format, ...) is refused by check_schema. with_defaults does not
// look inside anyOf, oneOf or $ref.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace nnplug {

using Json = nlohmann::json;

struct SchemaViolation {
  std::string pointer;  // JSON pointer into the validated value: "/beta_1", "/boundaries/2", "" for the whole value
  std::string problem;  // e.g. "out of range (expected a number in [0, 1), got 1.5 (number))"
};

// Problems with the schema itself: a keyword outside the supported subset, a malformed
// keyword value (e.g. "minimum": "x"), a "default" that violates its own schema. Each
// names its place as a JSON pointer into the schema. Empty when fine.
std::vector<std::string> check_schema(const Json& schema);

// Every violation of `value` against `schema` (not only the first), in document order (keys
// as nlohmann::json keeps them, sorted): a value's own problems (type, range, missing
// required keys) before those inside it.
// `owner` is not part of the messages (they name places by pointer; the caller names the
// owner). Once a value has the wrong
// type nothing inside it is reported. `required` is checked on `value` as given; validate
// with_defaults(schema, value) to let a default satisfy it.
// Precondition: check_schema(schema) is empty (otherwise nlohmann::json may throw).
std::vector<SchemaViolation> validate(const Json& schema, const Json& value, std::string_view owner);

// `value` with the schema's "default"s filled in for absent properties (recursively
// into nested object schemas that have defaults, and into array elements by their items
// schema); values present are kept as given, and a value that is not an object gets nothing.
Json with_defaults(const Json& schema, const Json& value);

// For documentation (`nnplug describe`): the declared type names, and the range as
// messages word it (" > 0", " in [0, 1)", "" for none).
std::vector<std::string> schema_types(const Json& schema);
std::string schema_range_text(const Json& schema);

}  // namespace nnplug
