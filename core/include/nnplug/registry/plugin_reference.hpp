#pragma once
// How a config names a plugin and its parameters, in the three forms users write:
//   "lion"
//   {"name": "lion", "learning_rate": 0.01}
//   {"class_name": "Lion", "config": {"learning_rate": 0.01}}   (Keras's own serialisation;
//    optional "module" and "registered_name" are ignored)
#include <nnplug/base/error.hpp>
#include <nnplug/sdk/params.hpp>

#include <string>
#include <string_view>

namespace nnplug {

struct PluginReference {
  std::string name;
  Json params = Json::object();
  std::string params_at;  // JSON pointer of the parameters' object: `where`, or `where`/config for Keras's form
};

// `where` is the JSON pointer of the reference. Anything else is an Error naming the place
// and showing the three accepted forms.
// Inside a Keras "config", "name" is Keras's object name ("lion", "lion_1"), not a
// parameter, so it is dropped.
PluginReference parse_plugin_reference(const Json& spec, std::string_view where);

}  // namespace nnplug
