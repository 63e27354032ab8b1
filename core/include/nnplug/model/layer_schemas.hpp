#pragma once
// The keys each layer type accepts, as JSON Schema: build_model checks layer entries against
// these before building, and `nnplug schema` puts them in the whole-config schema, so both
// read one table (model_builder.cpp). Plugin and activation slots are "$ref"s to
// "#/definitions/initializer", "#/definitions/regularizer" and "#/definitions/activation",
// which the whole-config schema defines.
#include <nnplug/config/json_schema.hpp>

#include <string>
#include <vector>

namespace nnplug {

struct LayerSchema {
  std::string type;  // Keras's snake_case class name: "gaussian_dropout"
  Json options;      // an object schema for the entry's keys other than "type"
};

std::vector<LayerSchema> layer_schemas();

}  // namespace nnplug
