#pragma once
// The one message for a name nnplug does not know (activation, loss, metric, layer type):
// where it was written, the nearest known names, and every name that would work.
#include <nnplug/base/error.hpp>
#include <nnplug/base/names.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace nnplug {

[[noreturn]] inline void throw_unknown_name(std::string_view what, std::string_view name, std::string_view where,
                                            const std::vector<std::string>& known) {
  throw Error(located(where, "unknown " + std::string(what) + " '" + std::string(name) + "'" + did_you_mean(name, known) +
                                 " (known " + std::string(what) + "s: " + join(known, ", ") + ")"));
}

}  // namespace nnplug
