#include <nnplug/base/names.hpp>
#include <nnplug/registry/plugin_reference.hpp>

namespace nnplug {
namespace {

[[noreturn]] void refuse(std::string_view where, const std::string& problem) {
  throw Error(located(where, problem) +
              R"(; write a plugin as "<name>", {"name": "<name>", "<parameter>": <value>} or Keras's )"
              R"({"class_name": "<ClassName>", "config": {...}})");
}

std::string name_at(const Json& object, const char* key, std::string_view where) {
  const Json& value = object[key];
  if (!value.is_string() || value.get<std::string>().empty())
    refuse(where, std::string(key) + " must be a non-empty string; got " + describe_json(value));
  return value.get<std::string>();
}

PluginReference from_keras(const Json& spec, std::string_view where) {
  for (const auto& [key, value] : spec.items())
    if (key != "class_name" && key != "config" && key != "module" && key != "registered_name")
      refuse(where, "key '" + key + "' does not belong in a Keras object (class_name, config, module, registered_name)");
  PluginReference reference{name_at(spec, "class_name", where), Json::object()};
  if (spec.contains("config") && !spec["config"].is_null()) {
    if (!spec["config"].is_object()) refuse(where, "'config' must be an object; got " + describe_json(spec["config"]));
    reference.params = spec["config"];
    reference.params.erase("name");
  }
  return reference;
}

}  // namespace

PluginReference parse_plugin_reference(const Json& spec, std::string_view where) {
  if (spec.is_string()) {
    if (spec.get<std::string>().empty()) refuse(where, "the plugin name is empty");
    return {spec.get<std::string>(), Json::object()};
  }
  if (!spec.is_object()) refuse(where, "expected a plugin name or object, got " + describe_json(spec));
  if (spec.contains("class_name")) {
    if (spec.contains("name")) refuse(where, "give either 'name' or 'class_name', not both");
    return from_keras(spec, where);
  }
  if (!spec.contains("name")) refuse(where, "the object has no 'name'");
  PluginReference reference{name_at(spec, "name", where), spec};
  reference.params.erase("name");
  return reference;
}

}  // namespace nnplug
