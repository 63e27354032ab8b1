#pragma once
// One JSON Schema for a whole training config (`nnplug schema`): the core's own sections
// (config/config_schema.hpp), every layer type with its keys (model/layer_schemas.hpp), the
// losses and activations, and every plugin the registry found with its parameters, so an
// editor can complete and check config files.
//
// A plugin reference is a oneOf of its three forms (registry/plugin_reference.hpp): the
// name as a string, {"name": ..., <parameters>} and Keras's {"class_name": ..., "config":
// {...}}; the object forms are a oneOf over the plugins, each with its own parameters.
// Names match as the runtime matches them: case and underscores ignored.
#include <nnplug/registry/registry.hpp>

namespace nnplug {

Json whole_config_schema(const Registry& registry);

}  // namespace nnplug
