#pragma once
// A plugin's parameters: the JSON a user wrote, checked against the JSON Schema the
// plugin declares, with defaults filled in. The schema is the single place where a
// parameter's type, default, range and meaning live; getters only read it.
//
// Supported schema subset (Debian ships no C++ JSON Schema validator):
//   {"type":"object","properties":{NAME:{"type":T | [T,"null"], "default":..,
//    "minimum":..,"maximum":..,"exclusiveMinimum":..,"exclusiveMaximum":..,
//    "enum":[..], "items":{"type":T}, "description":".."}}, "additionalProperties":false}
// with T one of number, integer, boolean, string, array, object.
#include <nlohmann/json.hpp>
#include <nnplug/sdk/export.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nnplug {

using Json = nlohmann::json;

// Names the owner (plugin or section), the key, what was expected and what was received.
class NNPLUG_SDK_API ParamError : public std::invalid_argument {
 public:
  ParamError(std::string owner, std::string key, const std::string& problem)
      : std::invalid_argument(owner + ": parameter '" + key + "' " + problem),
        owner_(std::move(owner)), key_(std::move(key)) {}
  const std::string& owner() const { return owner_; }
  const std::string& key() const { return key_; }

 private:
  std::string owner_;
  std::string key_;
};

namespace detail {

inline std::string describe(const Json& value) {
  std::string text = value.dump();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  const char* type = value.is_number_integer() ? "integer"
                     : value.is_number()       ? "number"
                     : value.is_string()       ? "string"
                     : value.is_boolean()      ? "boolean"
                     : value.is_null()         ? "null"
                     : value.is_array()        ? "array"
                                               : "object";
  return text + " (" + type + ")";
}

inline bool has_type(const Json& value, std::string_view type) {
  if (type == "number") return value.is_number();
  if (type == "integer") {
    if (value.is_number_integer()) return true;
    return value.is_number_float() && std::isfinite(value.get<double>()) &&
           value.get<double>() == std::floor(value.get<double>());
  }
  if (type == "boolean") return value.is_boolean();
  if (type == "string") return value.is_string();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  if (type == "null") return value.is_null();
  return false;
}

inline std::vector<std::string> types_of(const Json& spec) {
  if (!spec.contains("type")) return {};
  if (spec["type"].is_string()) return {spec["type"].get<std::string>()};
  return spec["type"].get<std::vector<std::string>>();
}

inline std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : std::string(separator)) + word;
  return out;
}

inline std::string range_text(const Json& spec) {
  const bool low = spec.contains("minimum") || spec.contains("exclusiveMinimum");
  const bool high = spec.contains("maximum") || spec.contains("exclusiveMaximum");
  if (!low && !high) return "";
  std::ostringstream out;
  if (low && high) {
    out << " in " << (spec.contains("minimum") ? "[" : "(")
        << (spec.contains("minimum") ? spec["minimum"] : spec["exclusiveMinimum"]).dump() << ", "
        << (spec.contains("maximum") ? spec["maximum"] : spec["exclusiveMaximum"]).dump()
        << (spec.contains("maximum") ? "]" : ")");
  } else if (low) {
    out << (spec.contains("minimum") ? " >= " + spec["minimum"].dump()
                                     : " > " + spec["exclusiveMinimum"].dump());
  } else {
    out << (spec.contains("maximum") ? " <= " + spec["maximum"].dump()
                                     : " < " + spec["exclusiveMaximum"].dump());
  }
  return out.str();
}

inline bool in_range(double x, const Json& spec) {
  if (!std::isfinite(x)) return false;
  if (spec.contains("minimum") && !(x >= spec["minimum"].get<double>())) return false;
  if (spec.contains("maximum") && !(x <= spec["maximum"].get<double>())) return false;
  if (spec.contains("exclusiveMinimum") && !(x > spec["exclusiveMinimum"].get<double>())) return false;
  if (spec.contains("exclusiveMaximum") && !(x < spec["exclusiveMaximum"].get<double>())) return false;
  return true;
}

// Levenshtein distance, for "did you mean" hints.
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// Candidates within a small edit distance (or sharing a prefix), nearest first.
inline std::vector<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates,
                                        std::size_t most = 3) {
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    const bool prefix = word.size() >= 3 && candidate.rfind(word.substr(0, 3), 0) == 0;
    if (distance <= std::max<std::size_t>(2, word.size() / 3) || prefix) scored.emplace_back(distance, candidate);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < most; ++i) out.push_back(scored[i].second);
  return out;
}

}  // namespace detail

class Params {
 public:
  // owner: who the parameters belong to, as the user should read it ("adam").
  // Throws ParamError for an unknown key, a wrong type or an out-of-range value.
  Params(std::string owner, const Json& schema, const Json& values)
      : owner_(std::move(owner)), schema_(schema) {
    if (!values.is_null() && !values.is_object())
      throw ParamError(owner_, "(all)", "must be a JSON object of parameters; got " + detail::describe(values));
    const Json& properties = schema_.contains("properties") ? schema_["properties"] : empty_object();
    if (values.is_object()) {
      for (const auto& [key, value] : values.items()) {
        if (!properties.contains(key)) {
          std::vector<std::string> known;
          for (const auto& [name, spec] : properties.items()) known.push_back(name);
          const auto near = detail::nearest(key, known);
          throw ParamError(owner_, key,
                           "is not a parameter of " + owner_ +
                               (near.empty() ? "" : "; did you mean '" + detail::join(near, "', '") + "'?") +
                               " (parameters: " + (known.empty() ? "none" : detail::join(known, ", ")) + ")");
        }
        check(key, properties[key], value);
        values_[key] = value;
      }
    }
    for (const auto& [key, spec] : properties.items()) {
      if (values_.contains(key)) continue;
      if (spec.contains("default")) {
        values_[key] = spec["default"];
      } else if (required(key)) {
        throw ParamError(owner_, key, "is required" + detail::range_text(spec));
      }
    }
  }

  const std::string& owner() const { return owner_; }
  const Json& schema() const { return schema_; }
  const Json& values() const { return values_; }

  // True when the parameter is set to something other than null.
  bool has(const std::string& key) const { return values_.contains(key) && !values_[key].is_null(); }

  double number(const std::string& key) const { return require(key).get<double>(); }
  std::int64_t integer(const std::string& key) const {
    const Json& value = require(key);
    return value.is_number_integer() ? value.get<std::int64_t>() : static_cast<std::int64_t>(value.get<double>());
  }
  bool boolean(const std::string& key) const { return require(key).get<bool>(); }
  std::string text(const std::string& key) const { return require(key).get<std::string>(); }
  std::vector<double> numbers(const std::string& key) const { return require(key).get<std::vector<double>>(); }
  const Json& json(const std::string& key) const { return require(key); }

 private:
  static const Json& empty_object() {
    static const Json empty = Json::object();
    return empty;
  }

  bool required(const std::string& key) const {
    if (!schema_.contains("required")) return false;
    for (const auto& name : schema_["required"]) if (name == key) return true;
    return false;
  }

  const Json& require(const std::string& key) const {
    if (!values_.contains(key) || values_[key].is_null())
      throw ParamError(owner_, key, "has no value and no default (the plugin's schema must declare it)");
    return values_[key];
  }

  void check(const std::string& key, const Json& spec, const Json& value) const {
    const auto types = detail::types_of(spec);
    bool typed = types.empty();
    for (const auto& type : types) typed = typed || detail::has_type(value, type);
    const std::string expected = (types.empty() ? std::string("a value") : "of type " + detail::join(types, " or ")) +
                                 detail::range_text(spec);
    if (!typed) throw ParamError(owner_, key, "must be " + expected + "; got " + detail::describe(value));
    if (value.is_number() && !detail::in_range(value.get<double>(), spec))
      throw ParamError(owner_, key, "must be " + expected + "; got " + detail::describe(value));
    if (spec.contains("enum")) {
      bool listed = false;
      for (const auto& choice : spec["enum"]) listed = listed || choice == value;
      if (!listed) throw ParamError(owner_, key, "must be one of " + spec["enum"].dump() + "; got " + detail::describe(value));
    }
    if (value.is_array() && spec.contains("items")) {
      for (std::size_t i = 0; i < value.size(); ++i) check(key + "[" + std::to_string(i) + "]", spec["items"], value[i]);
    }
  }

  std::string owner_;
  Json schema_;
  Json values_ = Json::object();
};

}  // namespace nnplug
