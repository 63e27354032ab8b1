#pragma once
// Names as users type them: Keras-style folding (case and underscores ignored), "did you
// mean" suggestions, and the pieces every error message is built from. One copy for the
// registry, the config reader, the schema validator and the layer/loss/metric tables.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nnplug {

// Keras-style folding: case and underscores are ignored, so glorot_uniform,
// GlorotUniform and glorotuniform are one name (mean_squared_error = MeanSquaredError).
std::string fold_name(std::string_view name);
// fold_name for a plugin name: throws Error for an empty name or a path.
std::string normalize_name(std::string_view name);

// "where: message", or just the message when there is no place to name.
inline std::string located(std::string_view where, std::string_view message) {
  return where.empty() ? std::string(message) : std::string(where) + ": " + std::string(message);
}

inline std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) out += separator;
    out += word;
  }
  return out;
}

// A JSON value for a message: its text (cut at 60 characters) and its JSON type.
inline std::string describe_json(const nlohmann::json& value) {
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

// JSON Schema's "integer": a number with no fractional part (3.0 counts, 3.5 does not).
inline bool is_json_integer(const nlohmann::json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  const double x = value.get<double>();
  return std::isfinite(x) && x == std::floor(x);
}

// The value of a JSON integer (3 or 3.0) exactly, without a trip through double for
// integers stored as such; nothing for a non-integer or one outside int64.
inline std::optional<std::int64_t> exact_integer(const nlohmann::json& value) {
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > std::uint64_t(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (!is_json_integer(value)) return std::nullopt;
  const double x = value.get<double>();
  if (!(x >= -0x1p63 && x < 0x1p63)) return std::nullopt;
  return static_cast<std::int64_t>(x);
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

// "; did you mean 'a', 'b'?" or "" when nothing is near.
inline std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto near = nearest(word, candidates);
  return near.empty() ? std::string() : "; did you mean '" + join(near, "', '") + "'?";
}

}  // namespace nnplug
