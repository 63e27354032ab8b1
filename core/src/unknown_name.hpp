#pragma once
// The one message for a name nnplug does not know (activation, loss, metric): where it
// was written, the nearest known names, and every name that would work.
#include <nnplug/error.hpp>
#include <nnplug/sdk/params.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace nnplug::detail {

inline std::string located(std::string_view where, const std::string& message) {
  return where.empty() ? message : std::string(where) + ": " + message;
}

[[noreturn]] inline void throw_unknown_name(std::string_view what, std::string_view name, std::string_view where,
                                            const std::vector<std::string>& known) {
  const auto near = nearest(name, known);
  throw Error(located(where, "unknown " + std::string(what) + " '" + std::string(name) + "'" +
                                 (near.empty() ? "" : "; did you mean '" + join(near, "', '") + "'?") +
                                 " (known " + std::string(what) + "s: " + join(known, ", ") + ")"));
}

}  // namespace nnplug::detail
