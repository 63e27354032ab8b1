#pragma once
// Reading the JSON config: parse errors with line and column, and small checked getters
// whose errors name the place in the file ("fit.batch_size") and what to write instead.
#include <nnplug/base/error.hpp>
#include <nnplug/sdk/params.hpp>

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace nnplug {

// Parses JSON text; a syntax error becomes "<source>:<line>:<column>: ...".
Json parse_json(const std::string& text, const std::string& source);
Json load_json_file(const std::filesystem::path& path);

// A JSON object at a named place in a config file.
class ConfigSection {
 public:
  ConfigSection(const Json& value, std::string where);

  const std::string& where() const { return where_; }
  const Json& json() const { return value_; }
  std::string at(std::string_view key) const { return where_.empty() ? std::string(key) : where_ + "." + std::string(key); }
  bool has(const std::string& key) const { return value_.contains(key) && !value_[key].is_null(); }

  // Every key must be one of `known`; otherwise an Error with the nearest known key.
  void allow_only(std::initializer_list<std::string_view> known) const;

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
