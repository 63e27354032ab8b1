#pragma once
// The JSON Schema of the config file's core sections: every key training_run.cpp reads,
// its type and range. ConfigSection::allow_only checks the code against it, and `nnplug
// schema` (train/whole_config_schema.hpp) completes it with the layers and plugins, so the
// schema an editor uses cannot drift from what the runtime accepts.
//
// The places filled by others are "$ref"s to "#/definitions/<name>" that this schema does
// not define: optimizer, loss, metric, callback (built from the registry and the loss
// table) and layer (the layer table in model_builder.cpp).
#include <nnplug/config/json_schema.hpp>

#include <string_view>

namespace nnplug {

const Json& core_config_schema();

// The schema for the object at `pointer` ("/fit", "/data/train"), following properties,
// and items for array indices; nullptr where the core schema does not say (past a "$ref",
// or a place it does not declare).
const Json* core_schema_at(std::string_view pointer);

// The names "properties" declares in an object schema, in document order.
std::vector<std::string> declared_keys(const Json& object_schema);

}  // namespace nnplug
