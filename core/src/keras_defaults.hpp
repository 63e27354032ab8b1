#pragma once
// Keras's documented layer defaults, kept as data in one place. They are names like any
// other: a config can override each, and a missing plugin is reported like any other.
#include <nnplug/sdk/params.hpp>

namespace nnplug {

inline const Json& keras_default_config() {
  static const Json defaults = Json::parse(R"({
    "dense": {"kernel_initializer": "glorot_uniform", "bias_initializer": "zeros"}
  })");
  return defaults;
}

}  // namespace nnplug
