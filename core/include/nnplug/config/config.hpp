#pragma once
// Reading the JSON config: parse errors with line and column, and small checked getters
// whose errors name the place in the file as a JSON pointer ("/fit/batch_size") and what to write instead.
#include <nnplug/base/error.hpp>
#include <nnplug/config/json_reader.hpp>  // load_json_file
#include <nnplug/sdk/params.hpp>

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nnplug {

// Parses JSON text; a syntax error becomes "<source>:<line>:<column>: ...".
Json parse_json(const std::string& text, const std::string& source);

// " (expected <expected>, got <value as JSON> (<type>))": how every config error ends, so the
// messages read alike: "<pointer>: <what is wrong> (expected ..., got ...)[; did you mean ...]".
std::string expected_got(std::string_view expected, const Json& got);

// The first way `value` breaks `schema` as an Error "<where><pointer>: [<owner>: ]<problem>".
// A "$ref" the schema cannot resolve is not checked (the code that reads that value does).
void require_valid(const Json& schema, const Json& value, std::string_view where, std::string_view owner = {});

// A JSON object at a place in a config file, named by its JSON pointer ("/compile").
class ConfigSection {
 public:
  // `where` is a JSON pointer; a bare name ("fit") is taken as a top-level key ("/fit").
  ConfigSection(const Json& value, std::string where);

  const std::string& where() const { return where_; }
  const Json& json() const { return value_; }
  std::string at(std::string_view key) const;                     // "/fit/epochs"
  std::string at(std::string_view key, std::size_t index) const;  // "/fit/callbacks/2"
  bool has(const std::string& key) const { return value_.contains(key) && !value_[key].is_null(); }

  // Every key must be one of `known`; otherwise an Error with the nearest known keys. When
  // the core config schema (config_schema.hpp) describes this place, `known` must be the
  // keys it declares: a key the code accepts but the schema lacks is a bug (std::logic_error).
  void allow_only(const std::vector<std::string>& known) const;
  void allow_only(std::initializer_list<std::string_view> known) const;
  // The keys the core config schema declares for this place.
  void allow_only_declared() const;
  // allow_only_declared, then the section's values against the core config schema (types,
  // ranges, required keys); the first problem as an Error.
  void check_declared() const;

  ConfigSection section(const std::string& key) const;  // required object
  std::optional<ConfigSection> optional_section(const std::string& key) const;
  std::string text(const std::string& key) const;  // required
  std::string text(const std::string& key, const std::string& fallback) const;
  double number(const std::string& key, double fallback, double min, double max) const;
  std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
  std::int64_t integer(const std::string& key, std::int64_t min, std::int64_t max) const;  // required
  bool boolean(const std::string& key, bool fallback) const;
  const Json& value(const std::string& key) const;  // required, any type

 private:
  [[noreturn]] void wrong(const std::string& key, const std::string& expected) const;
  Json value_;
  std::string where_;
};

}  // namespace nnplug
