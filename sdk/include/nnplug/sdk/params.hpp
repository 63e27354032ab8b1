#pragma once
// A plugin's parameters, read-only. The host has already checked the user's JSON against
// the JSON Schema the plugin declares (type, range, enum, unknown keys: core/config) and
// filled in the schema's defaults, so a getter only reads; the schema is the one place
// where a parameter's type, default, range and meaning live.
//
// Contract
//   Host guarantees: every key the schema declares with a default is present; no key the
//   schema does not declare is; every value has a type and range the schema allows.
//   Plugin guarantees: it reads only keys its schema declares, with the getter of the
//   declared type; a cross-parameter rule the schema cannot express is checked in the
//   constructor and reported as a ParamError naming the parameter.
#include <nlohmann/json.hpp>
#include <nnplug/sdk/export.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace nnplug {

using Json = nlohmann::json;

// Names the owner (plugin or config section), the key, what was expected and what was received.
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

class Params {
 public:
  // owner: who the parameters belong to, as the user should read it ("adam").
  // values: a JSON object already validated, with defaults filled in (the host's job).
  Params(std::string owner, Json values) : owner_(std::move(owner)), values_(std::move(values)) {
    if (values_.is_null()) values_ = Json::object();
    if (!values_.is_object()) throw ParamError(owner_, "(all)", "must be a JSON object of parameters");
  }

  const std::string& owner() const { return owner_; }
  const Json& values() const { return values_; }

  // True when the parameter is set to something other than null.
  bool has(const std::string& key) const { return values_.contains(key) && !values_[key].is_null(); }

  double number(const std::string& key) const {
    const Json& value = require(key);
    if (!value.is_number()) wrong_type(key, "a number", value);
    return value.get<double>();
  }
  // Exact for every integer JSON can hold in 64 bits: never goes through double.
  std::int64_t integer(const std::string& key) const {
    const Json& value = require(key);
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
      throw ParamError(owner_, key, "must be at most " + std::to_string(std::numeric_limits<std::int64_t>::max()) +
                                        "; got " + value.dump());
    if (value.is_number_integer()) return value.get<std::int64_t>();
    // 3.0 is an integer to JSON Schema; anything else is not.
    if (value.is_number_float()) {
      const double x = value.get<double>();
      if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 0x1p63) return static_cast<std::int64_t>(x);
    }
    wrong_type(key, "an integer", value);
  }
  bool boolean(const std::string& key) const {
    const Json& value = require(key);
    if (!value.is_boolean()) wrong_type(key, "a boolean", value);
    return value.get<bool>();
  }
  std::string text(const std::string& key) const {
    const Json& value = require(key);
    if (!value.is_string()) wrong_type(key, "a string", value);
    return value.get<std::string>();
  }
  std::vector<double> numbers(const std::string& key) const {
    const Json& value = require(key);
    std::vector<double> out;
    if (!value.is_array()) wrong_type(key, "an array of numbers", value);
    for (const auto& item : value) {
      if (!item.is_number()) wrong_type(key, "an array of numbers", value);
      out.push_back(item.get<double>());
    }
    return out;
  }
  const Json& json(const std::string& key) const { return require(key); }

 private:
  const Json& require(const std::string& key) const {
    if (!has(key)) throw ParamError(owner_, key, "has no value and no default (the plugin's schema must declare one)");
    return values_[key];
  }
  [[noreturn]] void wrong_type(const std::string& key, const char* expected, const Json& value) const {
    throw ParamError(owner_, key, std::string("must be ") + expected + "; got " + value.dump() +
                                      " (the plugin reads it with another type than its schema declares)");
  }

  std::string owner_;
  Json values_;
};

}  // namespace nnplug
