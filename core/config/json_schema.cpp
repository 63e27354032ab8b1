#include <nnplug/base/names.hpp>
#include <nnplug/config/json_pointer.hpp>
#include <nnplug/config/json_schema.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <regex>
#include <utility>

namespace nnplug {
namespace {

const std::vector<std::string> type_names = {"number", "integer", "boolean", "string", "array", "object", "null"};

const Json* keyword(const Json& schema, const char* name) {
  if (!schema.is_object()) return nullptr;
  const auto found = schema.find(name);
  return found == schema.end() ? nullptr : &*found;
}

// -1, 0 or 1. Integers are compared exactly (a uint64 bound must not wrap through int64);
// a float on either side makes it a comparison of doubles.
int compare_numbers(const Json& a, const Json& b) {
  if (a.is_number_float() || b.is_number_float()) {
    const double x = a.get<double>(), y = b.get<double>();
    return (x > y) - (x < y);
  }
  const bool a_negative = !a.is_number_unsigned() && a.get<std::int64_t>() < 0;
  const bool b_negative = !b.is_number_unsigned() && b.get<std::int64_t>() < 0;
  if (a_negative != b_negative) return a_negative ? -1 : 1;
  if (a_negative) {
    const auto x = a.get<std::int64_t>(), y = b.get<std::int64_t>();
    return (x > y) - (x < y);
  }
  const auto x = a.get<std::uint64_t>(), y = b.get<std::uint64_t>();
  return (x > y) - (x < y);
}

// JSON Schema equality: numbers by value (1 == 1.0), key order irrelevant, true is not 1.
bool same_json(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return compare_numbers(a, b) == 0;
  if (a.type() != b.type()) return false;
  if (a.is_array())
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same_json);
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& [name, member] : a.items())
      if (!b.contains(name) || !same_json(member, b[name])) return false;
    return true;
  }
  return a == b;
}

bool is_integral(const Json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  const double x = value.get<double>();
  return std::isfinite(x) && x == std::floor(x);
}

bool has_type(const Json& value, std::string_view type) {
  if (type == "number") return value.is_number();
  if (type == "integer") return is_integral(value);
  if (type == "boolean") return value.is_boolean();
  if (type == "string") return value.is_string();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  return type == "null" && value.is_null();
}

std::vector<std::string> types_of(const Json& schema) {
  const Json* type = keyword(schema, "type");
  if (!type) return {};
  if (type->is_string()) return {type->get<std::string>()};
  return type->get<std::vector<std::string>>();
}

std::size_t code_points(const std::string& utf8) {
  return static_cast<std::size_t>(
      std::count_if(utf8.begin(), utf8.end(), [](char byte) { return (static_cast<unsigned char>(byte) & 0xC0) != 0x80; }));
}

bool in_range(const Json& number, const Json& schema) {
  const auto holds = [&](const char* name, auto accepts) {
    const Json* bound = keyword(schema, name);
    return !bound || accepts(compare_numbers(number, *bound));
  };
  return holds("minimum", [](int c) { return c >= 0; }) && holds("exclusiveMinimum", [](int c) { return c > 0; }) &&
         holds("maximum", [](int c) { return c <= 0; }) && holds("exclusiveMaximum", [](int c) { return c < 0; });
}

bool count_in(std::size_t count, const Json& schema, const char* min_key, const char* max_key) {
  const Json* low = keyword(schema, min_key);
  const Json* high = keyword(schema, max_key);
  return (!low || count >= low->get<std::uint64_t>()) && (!high || count <= high->get<std::uint64_t>());
}

struct Bound {
  const Json* value;
  bool inclusive;
};

// The bound a message states: when both forms are given, the tighter one. `side` is +1 for a
// lower bound, -1 for an upper one.
std::optional<Bound> bound(const Json& schema, const char* inclusive_key, const char* exclusive_key, int side) {
  const Json* inclusive = keyword(schema, inclusive_key);
  const Json* exclusive = keyword(schema, exclusive_key);
  if (inclusive && exclusive)
    return compare_numbers(*exclusive, *inclusive) * side >= 0 ? Bound{exclusive, false} : Bound{inclusive, true};
  if (inclusive) return Bound{inclusive, true};
  if (exclusive) return Bound{exclusive, false};
  return std::nullopt;
}

// " > 0", " in [0, 1)": the wording of the SDK 2 validator, which tests and users know.
std::string range_text(const Json& schema) {
  const auto low = bound(schema, "minimum", "exclusiveMinimum", +1);
  const auto high = bound(schema, "maximum", "exclusiveMaximum", -1);
  if (low && high)
    return " in " + std::string(low->inclusive ? "[" : "(") + low->value->dump() + ", " + high->value->dump() +
           (high->inclusive ? "]" : ")");
  if (low) return (low->inclusive ? " >= " : " > ") + low->value->dump();
  if (high) return (high->inclusive ? " <= " : " < ") + high->value->dump();
  return "";
}

// " with at least 2 items", " with 1 to 3 characters".
std::string count_text(const Json& schema, const char* min_key, const char* max_key, const std::string& unit) {
  const Json* low = keyword(schema, min_key);
  const Json* high = keyword(schema, max_key);
  const auto counted = [&](const Json* count) {
    const auto n = count->get<std::uint64_t>();
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
  };
  if (low && high && compare_numbers(*low, *high) == 0) return " with exactly " + counted(high);
  if (low && high) return " with " + std::to_string(low->get<std::uint64_t>()) + " to " + counted(high);
  if (low) return " with at least " + counted(low);
  if (high) return " with at most " + counted(high);
  return "";
}

std::string with_article(const std::string& type) {
  if (type == "null") return "null";
  return (type == "integer" || type == "array" || type == "object" ? "an " : "a ") + type;
}

// "a number or null >= 0": what a value must be, for a type, range or size problem.
std::string expected_text(const Json& schema) {
  std::vector<std::string> types;
  for (const auto& type : types_of(schema)) types.push_back(with_article(type));
  return (types.empty() ? std::string("a value") : join(types, " or ")) + range_text(schema) +
         count_text(schema, "minItems", "maxItems", "item") + count_text(schema, "minLength", "maxLength", "character");
}

// " (expected <what>, got <value> (<type>))": the end of every violation's message.
std::string expected_got(const std::string& expected, const Json& value) {
  return " (expected " + expected + ", got " + describe_json(value) + ")";
}

// The schema an array element at `index` must satisfy, or null when none applies.
const Json* item_schema(const Json& schema, std::size_t index) {
  const Json* items = keyword(schema, "items");
  if (!items || !items->is_array()) return items;
  return index < items->size() ? &(*items)[index] : nullptr;
}

std::vector<std::string> property_names(const Json& schema) {
  std::vector<std::string> names;
  if (const Json* properties = keyword(schema, "properties"))
    for (const auto& [name, property] : properties->items()) names.push_back(name);
  return names;
}

struct Place {
  std::string pointer;

  Place member(std::string_view name) const { return {pointer_to(pointer, name)}; }
  Place element(std::size_t index) const { return {pointer_to(pointer, index)}; }
};

// A local "$ref" ("#/definitions/layer") inside `root`, or nullptr.
const Json* resolve_ref(const Json& root, const Json& ref) {
  if (!ref.is_string()) return nullptr;
  const std::string target = ref.get<std::string>();
  if (target.empty() || target.front() != '#') return nullptr;
  try {
    const Json::json_pointer pointer(target.substr(1));
    return root.contains(pointer) ? &root.at(pointer) : nullptr;
  } catch (const Json::exception&) {
    return nullptr;
  }
}

// Short names for a value's allowed forms: a schema's title, else its type and range.
std::string form_text(const Json& schema) {
  if (const Json* title = keyword(schema, "title")) return title->get<std::string>();
  if (const Json* choices = keyword(schema, "enum")) return "one of " + choices->dump();
  return expected_text(schema);
}

class Validator {
 public:
  Validator(const Json& root) : root_(root) {}

  void check(const Json& schema, const Json& value, const Place& at) {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) report(at, "not allowed here" + expected_got("nothing", value));
      return;
    }
    // As in draft 7, a "$ref" stands for the schema it names; its siblings are ignored.
    if (const Json* ref = keyword(schema, "$ref")) {
      if (const Json* target = resolve_ref(root_, *ref); target && depth_ < 64) {
        ++depth_;  // a reference cycle that consumes nothing ends here instead of overflowing the stack
        check(*target, value, at);
        --depth_;
      }
      return;
    }
    const auto types = types_of(schema);
    if (!types.empty() && std::none_of(types.begin(), types.end(), [&](const auto& type) { return has_type(value, type); })) {
      report(at, "wrong type" + expected_got(expected_text(schema), value));
      return;  // what is inside a value of the wrong kind says nothing more
    }
    if ((value.is_number() && !in_range(value, schema)) ||
        (value.is_string() && !count_in(code_points(value.get<std::string>()), schema, "minLength", "maxLength")) ||
        (value.is_array() && !count_in(value.size(), schema, "minItems", "maxItems")))
      report(at, "out of range" + expected_got(expected_text(schema), value));
    if (const Json* pattern = keyword(schema, "pattern"); pattern && value.is_string() &&
        !std::regex_search(value.get<std::string>(), std::regex(pattern->get<std::string>(), std::regex::ECMAScript)))
      report(at, "wrong form" + expected_got("a string matching " + pattern->dump(), value));
    if (const Json* choices = keyword(schema, "enum");
        choices && std::none_of(choices->begin(), choices->end(), [&](const Json& choice) { return same_json(choice, value); }))
      report(at, "not an allowed value" + expected_got("one of " + choices->dump(), value));
    if (const Json* constant = keyword(schema, "const"); constant && !same_json(*constant, value))
      report(at, "not the allowed value" + expected_got("exactly " + constant->dump(), value));
    if (const Json* any = keyword(schema, "anyOf")) check_alternatives(*any, value, at, false);
    if (const Json* one = keyword(schema, "oneOf")) check_alternatives(*one, value, at, true);
    if (value.is_object()) check_members(schema, value, at);
    if (value.is_array())
      for (std::size_t i = 0; i < value.size(); ++i)
        if (const Json* items = item_schema(schema, i)) check(*items, value[i], at.element(i));
  }

  std::vector<SchemaViolation> violations;

 private:
  void report(const Place& at, std::string problem) { violations.push_back({at.pointer, std::move(problem)}); }

  std::vector<SchemaViolation> violations_of(const Json& schema, const Json& value, const Place& at) const {
    Validator inner(root_);
    inner.depth_ = depth_;
    inner.check(schema, value, at);
    return std::move(inner.violations);
  }

  // The schema `form` stands for, past its "$ref"s (true when one does not resolve).
  const Json& resolved(const Json& form) const {
    static const Json anything = true;
    const Json* schema = &form;
    for (int hops = 0; hops < 64 && keyword(*schema, "$ref"); ++hops) {
      schema = resolve_ref(root_, *keyword(*schema, "$ref"));
      if (!schema) return anything;
    }
    return *schema;
  }

  // Whether `value` has a type `form` allows.
  bool type_fits(const Json& form, const Json& value) const {
    const Json& schema = resolved(form);
    if (schema.is_boolean()) return schema.get<bool>();
    const auto types = types_of(schema);
    return types.empty() || std::any_of(types.begin(), types.end(), [&](const auto& type) { return has_type(value, type); });
  }

  // anyOf (at least one form matches) and oneOf (exactly one). When no form matches but only
  // one form allows the value's type, that form's problems are the useful ones; otherwise
  // the forms are listed.
  void check_alternatives(const Json& forms, const Json& value, const Place& at, bool exactly_one) {
    std::size_t matched = 0;
    std::vector<std::vector<SchemaViolation>> fitting;
    for (const auto& form : forms) {
      auto found = violations_of(form, value, at);
      if (found.empty()) {
        ++matched;
      } else if (type_fits(form, value)) {
        fitting.push_back(std::move(found));
      }
    }
    if (matched > 1 && exactly_one) {
      report(at, "matches more than one allowed form" + expected_got("exactly one", value));
      return;
    }
    if (matched > 0) return;
    if (fitting.size() == 1) {
      violations.insert(violations.end(), fitting.front().begin(), fitting.front().end());
      return;
    }
    std::vector<std::string> names;
    for (const auto& form : forms) names.push_back(form_text(resolved(form)));
    report(at, "matches none of the allowed forms" + expected_got(join(names, " | "), value));
  }

  void check_members(const Json& schema, const Json& object, const Place& at) {
    const Json* properties = keyword(schema, "properties");
    if (const Json* required = keyword(schema, "required"))
      for (const auto& entry : *required) {
        const auto name = entry.get<std::string>();
        if (object.contains(name)) continue;
        const Json* property = properties ? keyword(*properties, name.c_str()) : nullptr;
        report(at.member(name), "missing (expected " + (property ? expected_text(*property) : "a value") + ")");
      }
    std::vector<std::pair<std::regex, const Json*>> patterns;
    if (const Json* pattern_properties = keyword(schema, "patternProperties"))
      for (const auto& [pattern, property] : pattern_properties->items())
        patterns.emplace_back(std::regex(pattern, std::regex::ECMAScript), &property);
    const Json* additional = keyword(schema, "additionalProperties");
    for (const auto& [name, member] : object.items()) {
      const Place place = at.member(name);
      bool declared = false;
      if (properties && properties->contains(name)) {
        declared = true;
        check((*properties)[name], member, place);
      }
      for (const auto& [pattern, property] : patterns)
        if (std::regex_search(name, pattern)) {
          declared = true;
          check(*property, member, place);
        }
      if (declared || !additional) continue;
      if (additional->is_boolean() && !additional->get<bool>()) {
        report(place, unknown_key(schema, name, at));
      } else {
        check(*additional, member, place);
      }
    }
  }

  // A plugin's own parameters are "parameters"; keys of nested objects are "keys".
  static std::string unknown_key(const Json& schema, const std::string& name, const Place& object) {
    const auto known = property_names(schema);
    const std::string expected = known.empty() ? "none" : "one of " + join(known, ", ");
    return std::string(object.pointer.empty() ? "unknown parameter" : "unknown key") + " (expected " + expected + ")" +
           did_you_mean(name, known);
  }

  const Json& root_;
  int depth_ = 0;
};

const std::vector<std::string> supported_keywords = {
    "type",     "minimum",   "maximum",   "exclusiveMinimum", "exclusiveMaximum", "enum",
    "const",    "minLength", "maxLength", "properties",       "patternProperties", "required",
    "additionalProperties", "items", "minItems", "maxItems", "default", "description",
    "title",    "$comment",  "$schema",   "examples", "pattern", "anyOf", "oneOf", "$ref", "definitions"};

class SchemaChecker {
 public:
  explicit SchemaChecker(const Json& root) : root_(root) {}

  void check(const Json& schema, const std::string& pointer) {
    if (schema.is_boolean()) return;
    if (!schema.is_object()) {
      problem(pointer, "a schema must be an object or a boolean; got " + describe_json(schema));
      return;
    }
    const std::size_t before = problems.size();
    for (const auto& [name, value] : schema.items()) check_keyword(name, value, pointer + "/" + pointer_token(name));
    // A default is validated only against a schema known to be well formed.
    if (const Json* fallback = keyword(schema, "default"); fallback && problems.size() == before) {
      Validator validator(root_);
      validator.check(schema, with_defaults(schema, *fallback), Place{});
      for (const auto& violation : validator.violations)
        problem(pointer + "/default", "violates its own schema" +
                                          (violation.pointer.empty() ? std::string() : " at " + violation.pointer) +
                                          ": " + violation.problem);
    }
  }

  std::vector<std::string> problems;

 private:
  const Json& root_;

  void problem(const std::string& pointer, const std::string& text) {
    problems.push_back(located(pointer.empty() ? "schema" : "schema " + pointer, text));
  }
  void expect(bool ok, const std::string& pointer, const std::string& what, const Json& value) {
    if (!ok) problem(pointer, "must be " + what + "; got " + describe_json(value));
  }

  static bool unique_strings(const Json& value) {
    if (!value.is_array() || !std::all_of(value.begin(), value.end(), [](const Json& v) { return v.is_string(); }))
      return false;
    auto words = value.get<std::vector<std::string>>();
    std::sort(words.begin(), words.end());
    return std::adjacent_find(words.begin(), words.end()) == words.end();
  }

  void check_keyword(const std::string& name, const Json& value, const std::string& at) {
    const auto is_type_name = [](const Json& v) {
      return v.is_string() && std::find(type_names.begin(), type_names.end(), v.get<std::string>()) != type_names.end();
    };
    if (name == "type") {
      expect(is_type_name(value) || (unique_strings(value) && !value.empty() &&
                                     std::all_of(value.begin(), value.end(), is_type_name)),
             at, "a type name or an array of distinct ones (" + join(type_names, ", ") + ")", value);
    } else if (name == "minimum" || name == "maximum" || name == "exclusiveMinimum" || name == "exclusiveMaximum") {
      expect(value.is_number(), at, "a number", value);
    } else if (name == "minLength" || name == "maxLength" || name == "minItems" || name == "maxItems") {
      expect(is_integral(value) && value >= 0, at, "an integer >= 0", value);
    } else if (name == "enum") {
      expect(value.is_array() && !value.empty(), at, "a non-empty array", value);
    } else if (name == "required") {
      expect(unique_strings(value), at, "an array of distinct strings", value);
    } else if (name == "properties" || name == "patternProperties") {
      expect(value.is_object(), at, "an object of schemas", value);
      if (value.is_object()) check_members(name, value, at);
    } else if (name == "additionalProperties") {
      check(value, at);
    } else if (name == "items" && value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) check(value[i], at + "/" + std::to_string(i));
    } else if (name == "items") {
      check(value, at);
    } else if (name == "description" || name == "title" || name == "$comment" || name == "$schema") {
      expect(value.is_string(), at, "a string", value);
    } else if (name == "examples") {
      expect(value.is_array(), at, "an array", value);
    } else if (name == "pattern") {
      expect(value.is_string(), at, "a string", value);
      if (value.is_string()) check_regex(value.get<std::string>(), at);
    } else if (name == "anyOf" || name == "oneOf") {
      expect(value.is_array() && !value.empty(), at, "a non-empty array of schemas", value);
      if (value.is_array())
        for (std::size_t i = 0; i < value.size(); ++i) check(value[i], at + "/" + std::to_string(i));
    } else if (name == "definitions") {
      expect(value.is_object(), at, "an object of schemas", value);
      if (value.is_object()) check_members(name, value, at);
    } else if (name == "$ref") {
      expect(resolve_ref(root_, value) != nullptr, at, "a reference like \"#/definitions/name\" into this schema",
             value);
    } else if (name != "default" && name != "const") {
      problem(at, "is not a supported keyword" + did_you_mean(name, supported_keywords) +
                      " (supported: " + join(supported_keywords, ", ") + ")");
    }
  }

  void check_members(const std::string& name, const Json& members, const std::string& at) {
    for (const auto& [member, schema] : members.items()) {
      const std::string member_at = at + "/" + pointer_token(member);
      if (name == "patternProperties") check_regex(member, member_at);
      check(schema, member_at);
    }
  }

  void check_regex(const std::string& pattern, const std::string& at) {
    try {
      std::regex(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& error) {
      problem(at, "is not a valid regular expression (" + std::string(error.what()) + ")");
    }
  }
};

}  // namespace

std::vector<std::string> check_schema(const Json& schema) {
  SchemaChecker checker(schema);
  checker.check(schema, "");
  return std::move(checker.problems);
}

std::vector<SchemaViolation> validate(const Json& schema, const Json& value, std::string_view) {
  Validator validator(schema);
  validator.check(schema, value, Place{});
  return std::move(validator.violations);
}

Json with_defaults(const Json& schema, const Json& value) {
  Json out = value;
  if (const Json* properties = keyword(schema, "properties"); properties && out.is_object()) {
    for (const auto& [name, property] : properties->items()) {
      if (out.contains(name)) {
        out[name] = with_defaults(property, out[name]);
      } else if (const Json* fallback = keyword(property, "default")) {
        out[name] = with_defaults(property, *fallback);
      }
    }
  }
  if (out.is_array())
    for (std::size_t i = 0; i < out.size(); ++i)
      if (const Json* items = item_schema(schema, i)) out[i] = with_defaults(*items, out[i]);
  return out;
}

}  // namespace nnplug

namespace nnplug {

std::vector<std::string> schema_types(const Json& schema) { return types_of(schema); }
std::string schema_range_text(const Json& schema) { return range_text(schema); }

}  // namespace nnplug
