#pragma once
// Everything a config may write next to an optimizer's name, as one JSON Schema: the
// plugin's parameters, the options the core applies to every optimizer
// (base_optimizer_schema), Keras 2's "lr", a schedule as the learning rate, and the Keras
// keys nnplug accepts only as null. split_optimizer_config reads the same lists.
#include <nnplug/registry/registry.hpp>

namespace nnplug {

// `schedule` is the schema of a schedule plugin reference (accepted as learning_rate).
Json optimizer_config_schema(const PluginInfo& plugin, const Json& schedule);

}  // namespace nnplug
