#include <nnplug/base/names.hpp>
#include <nnplug/config/config.hpp>
#include <nnplug/base/files.hpp>
#include <nnplug/config/config_schema.hpp>
#include <nnplug/config/json_pointer.hpp>

#include <algorithm>
#include <stdexcept>

#include <limits>

namespace nnplug {

Json parse_json(const std::string& text, const std::string& source) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    // nlohmann reports a byte offset (1-based, pointing after the bad character).
    std::size_t line = 1, column = 1;
    const std::size_t end = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    for (std::size_t i = 0; i < end; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string reason = e.what();
    if (const auto colon = reason.find("syntax error"); colon != std::string::npos) reason = reason.substr(colon);
    throw Error(source + ":" + std::to_string(line) + ":" + std::to_string(column) + ": malformed JSON (" + reason +
                "); fix the file and run again");
  }
}

// load_json_file: core/config/json_reader.cpp (the bounded reader).

std::string expected_got(std::string_view expected, const Json& got) {
  return " (expected " + std::string(expected) + ", got " + describe_json(got) + ")";
}

void require_valid(const Json& schema, const Json& value, std::string_view where, std::string_view owner) {
  const auto violations = validate(schema, value, owner);
  if (violations.empty()) return;
  const auto& first = violations.front();
  throw Error(located(std::string(where) + first.pointer,
                      owner.empty() ? first.problem : std::string(owner) + ": " + first.problem));
}

namespace {

std::string as_pointer(std::string where) { return where.empty() || where.front() == '/' ? where : "/" + where; }

}  // namespace

ConfigSection::ConfigSection(const Json& value, std::string where) : value_(value), where_(as_pointer(std::move(where))) {
  if (!value_.is_object())
    throw Error((where_.empty() ? std::string("the config") : where_ + ":") + " not a JSON object" +
                expected_got("an object {...}", value_));
}

std::string ConfigSection::at(std::string_view key) const { return pointer_to(where_, key); }
std::string ConfigSection::at(std::string_view key, std::size_t index) const { return pointer_to(at(key), index); }

void ConfigSection::allow_only(const std::vector<std::string>& known) const {
  if (const Json* schema = core_schema_at(where_)) {
    const auto declared = declared_keys(*schema);
    for (const auto& key : known)
      if (std::find(declared.begin(), declared.end(), key) == declared.end())
        throw std::logic_error("nnplug bug: " + where_ + " accepts '" + key +
                               "' but core/config/config_schema.cpp does not declare it");
  }
  for (const auto& [key, unused] : value_.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    throw Error(at(key) + ": unknown key (expected one of " + join(known, ", ") + ")" + did_you_mean(key, known));
  }
}

void ConfigSection::allow_only(std::initializer_list<std::string_view> known) const {
  allow_only(std::vector<std::string>(known.begin(), known.end()));
}

void ConfigSection::allow_only_declared() const {
  const Json* schema = core_schema_at(where_);
  if (!schema) throw std::logic_error("nnplug bug: core/config/config_schema.cpp says nothing about " + where_);
  allow_only(declared_keys(*schema));
}

void ConfigSection::check_declared() const {
  allow_only_declared();
  require_valid(*core_schema_at(where_), value_, where_);
}

void ConfigSection::wrong(const std::string& key, const std::string& expected) const {
  if (!has(key)) throw Error(at(key) + ": missing (expected " + expected + ")");
  throw Error(at(key) + ": wrong value" + expected_got(expected, value_[key]));
}

ConfigSection ConfigSection::section(const std::string& key) const {
  if (!has(key) || !value_[key].is_object()) wrong(key, "a JSON object");
  return ConfigSection(value_[key], at(key));
}

std::optional<ConfigSection> ConfigSection::optional_section(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return section(key);
}

std::string ConfigSection::text(const std::string& key) const {
  if (!has(key) || !value_[key].is_string()) wrong(key, "a string");
  return value_[key].get<std::string>();
}

std::string ConfigSection::text(const std::string& key, const std::string& fallback) const {
  return has(key) ? text(key) : fallback;
}

double ConfigSection::number(const std::string& key, double fallback, double min, double max) const {
  if (!has(key)) return fallback;
  const Json& v = value_[key];
  if (!v.is_number() || !(v.get<double>() >= min && v.get<double>() <= max))
    wrong(key, "a number in [" + Json(min).dump() + ", " + Json(max).dump() + "]");
  return v.get<double>();
}

std::int64_t ConfigSection::integer(const std::string& key, std::int64_t min, std::int64_t max) const {
  const std::string expected = "an integer in [" + std::to_string(min) + ", " +
                               (max == std::numeric_limits<std::int64_t>::max() ? "inf" : std::to_string(max)) + "]";
  const auto v = has(key) ? exact_integer(value_[key]) : std::nullopt;
  if (!v || *v < min || *v > max) wrong(key, expected);
  return *v;
}

std::int64_t ConfigSection::integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                                    std::int64_t max) const {
  return has(key) ? integer(key, min, max) : fallback;
}

bool ConfigSection::boolean(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  if (!value_[key].is_boolean()) wrong(key, "true or false");
  return value_[key].get<bool>();
}

const Json& ConfigSection::value(const std::string& key) const {
  if (!has(key)) wrong(key, "a value");
  return value_[key];
}

}  // namespace nnplug
