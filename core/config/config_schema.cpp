#include <nnplug/config/config_schema.hpp>

#include <limits>

namespace nnplug {

const Json& core_config_schema() {
  static const Json schema = [] {
    Json s = Json::parse(R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "nnplug training config",
  "type": "object",
  "properties": {
    "seed": {"type": "integer", "minimum": 0, "description": "seeds weight initialisation, shuffling and dropout"},
    "threads": {"type": "integer", "minimum": 1, "maximum": 1024, "default": 1},
    "data": {
      "type": "object",
      "properties": {
        "train": {"$ref": "#/definitions/data_source"},
        "test": {"$ref": "#/definitions/data_source"},
        "validation": {"$ref": "#/definitions/data_source"},
        "validation_split": {"type": "number", "minimum": 0, "maximum": 0.999999, "default": 0},
        "scale": {"type": "number", "minimum": 1e-30, "maximum": 1e30, "default": 1,
                  "description": "every input value is divided by this (255 for 8-bit images)"}
      },
      "required": ["train"],
      "additionalProperties": false
    },
    "model": {
      "type": "object",
      "properties": {
        "name": {"type": "string"},
        "input_shape": {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1,
                        "description": "one sample's shape, e.g. [784]"},
        "layers": {"type": "array", "items": {"$ref": "#/definitions/layer"}, "minItems": 1},
        "initial_weights": {"type": "string", "description": "a weights.npz to start from"}
      },
      "required": ["input_shape", "layers"],
      "additionalProperties": false
    },
    "compile": {
      "type": "object",
      "properties": {
        "optimizer": {"$ref": "#/definitions/optimizer"},
        "loss": {"$ref": "#/definitions/loss"},
        "metrics": {"type": "array", "items": {"$ref": "#/definitions/metric"}}
      },
      "required": ["optimizer", "loss"],
      "additionalProperties": false
    },
    "fit": {
      "type": "object",
      "properties": {
        "epochs": {"type": "integer", "minimum": 1, "maximum": 1000000, "default": 1},
        "batch_size": {"type": "integer", "minimum": 1, "maximum": 16777216, "default": 32},
        "shuffle": {"type": "boolean", "default": true},
        "validation_split": {"type": "number", "minimum": 0, "maximum": 0.999999, "default": 0},
        "callbacks": {"type": "array", "items": {"$ref": "#/definitions/callback"}},
        "initial_epoch": {"type": "integer", "minimum": 0, "default": 0},
        "verbose": {"enum": [0, 1, 2, "auto"], "default": "auto",
                    "description": "0 silent, 1 progress bar, 2 a line per epoch"}
      },
      "additionalProperties": false
    },
    "output": {
      "type": "object",
      "properties": {
        "dir": {"type": "string", "description": "the run directory; default runs/<config name>"},
        "weight_stats": {"type": "boolean", "default": false}
      },
      "additionalProperties": false
    }
  },
  "required": ["data", "model", "compile"],
  "additionalProperties": false,
  "definitions": {
    "data_source": {
      "type": "object",
      "properties": {
        "format": {"enum": ["idx", "csv"], "description": "default: idx when images is given, else csv"},
        "images": {"type": "string"},
        "labels": {"type": "string"},
        "path": {"type": "string"},
        "label": {"type": "string", "description": "the CSV column holding the label"}
      },
      "additionalProperties": false,
      "anyOf": [{"required": ["images", "labels"]}, {"required": ["path", "label"]}]
    }
  }
})json");
    s["properties"]["seed"]["maximum"] = std::numeric_limits<std::int64_t>::max();
    return s;
  }();
  return schema;
}

std::vector<std::string> declared_keys(const Json& object_schema) {
  std::vector<std::string> keys;
  if (object_schema.is_object() && object_schema.contains("properties"))
    for (const auto& [key, unused] : object_schema["properties"].items()) keys.push_back(key);
  return keys;
}

const Json* core_schema_at(std::string_view pointer) {
  const Json* node = &core_config_schema();
  const Json& definitions = core_config_schema()["definitions"];
  std::size_t start = pointer.empty() ? std::string_view::npos : 1;
  while (start != std::string_view::npos && start <= pointer.size()) {
    const std::size_t end = pointer.find('/', start);
    const std::string token(pointer.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    start = end == std::string_view::npos ? std::string_view::npos : end + 1;
    if (node->contains("items")) {
      node = &(*node)["items"];
    } else if (node->contains("properties") && (*node)["properties"].contains(token)) {
      node = &(*node)["properties"][token];
    } else {
      return nullptr;
    }
    // Only the core's own definitions are followed; the rest are filled in by others.
    if (node->contains("$ref")) {
      const std::string target = (*node)["$ref"].get<std::string>();
      const std::string prefix = "#/definitions/";
      const std::string name = target.substr(prefix.size());
      if (target.rfind(prefix, 0) != 0 || !definitions.contains(name)) return nullptr;
      node = &definitions[name];
    }
  }
  return node;
}

}  // namespace nnplug
