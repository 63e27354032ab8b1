#include <nnplug/base/names.hpp>
#include <nnplug/config/json_pointer.hpp>
#include <nnplug/registry/plugin_reference.hpp>

namespace nnplug {
namespace {

constexpr const char* accepted_forms =
    R"("<name>", {"name": "<name>", "<parameter>": <value>} or Keras's {"class_name": "<ClassName>", "config": {...}})";

[[noreturn]] void refuse(std::string_view where, const std::string& problem, const std::string& expected,
                         const Json& got) {
  throw Error(located(where, problem + " (expected " + expected + ", got " + describe_json(got) + ")"));
}

std::string name_at(const Json& object, const char* key, std::string_view where) {
  const Json& value = object[key];
  if (!value.is_string() || value.get<std::string>().empty())
    refuse(pointer_to(where, key), "not a plugin name", "a non-empty string", value);
  return value.get<std::string>();
}

PluginReference from_keras(const Json& spec, std::string_view where) {
  for (const auto& [key, value] : spec.items())
    if (key != "class_name" && key != "config" && key != "module" && key != "registered_name")
      refuse(pointer_to(where, key), "unknown key in a Keras object", "one of class_name, config, module, registered_name",
             value);
  const std::string config_at = pointer_to(where, "config");
  PluginReference reference{name_at(spec, "class_name", where), Json::object(), config_at};
  if (spec.contains("config") && !spec["config"].is_null()) {
    if (!spec["config"].is_object()) refuse(config_at, "not an object", "an object of parameters", spec["config"]);
    reference.params = spec["config"];
    reference.params.erase("name");
  }
  return reference;
}

}  // namespace

PluginReference parse_plugin_reference(const Json& spec, std::string_view where) {
  if (spec.is_string()) {
    if (spec.get<std::string>().empty()) refuse(where, "empty plugin name", accepted_forms, spec);
    return {spec.get<std::string>(), Json::object(), std::string(where)};
  }
  if (!spec.is_object()) refuse(where, "not a plugin reference", accepted_forms, spec);
  if (spec.contains("class_name")) {
    if (spec.contains("name"))
      refuse(pointer_to(where, "name"), "'name' and 'class_name' both given", "only one of them", spec["name"]);
    return from_keras(spec, where);
  }
  if (!spec.contains("name")) refuse(pointer_to(where, "name"), "missing", "a plugin name (" + std::string(accepted_forms) + ")", spec);
  PluginReference reference{name_at(spec, "name", where), spec, std::string(where)};
  reference.params.erase("name");
  return reference;
}

}  // namespace nnplug
