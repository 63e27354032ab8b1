// AdamW (Loshchilov & Hutter) as Keras 3's AdamW: Adam's update after the decoupled decay
// w -= w * weight_decay * lr. The core applies the decay (it reads weight_decay from this
// schema, which gives it Keras's default); the plugin is Adam's update unchanged.
#include "../optimizer_parts.hpp"

NNPLUG_PLUGIN(::nnplug::optimizer_parts::Adam, ::nnplug::Kind::optimizer, "adamw", "AdamW", "1.0.0",
              "Adam with decoupled weight decay (Keras AdamW)",
              R"json({"type": "object", "additionalProperties": false, "properties": {)json"
              NNPLUG_LEARNING_RATE_SCHEMA(0.001) ", " NNPLUG_ADAM_SCHEMA ", "
              R"json("weight_decay": {"type": "number", "default": 0.004, "exclusiveMinimum": 0,
    "description": "decoupled decay w -= w * weight_decay * lr before each update; applied by the core"}}})json")
