// Rules every plugin the registry finds must follow, so a plugin added later is checked
// without anyone writing a test for it: a documented schema with defaults, creation
// with defaults, and a clear error for a wrongly typed parameter.
#include "plugins/plugin_testing.hpp"

#include <nnplug/sdk/params.hpp>

#include <optional>

namespace {

using nnplug::Json;
using nnplug::Kind;

bool is_required(const Json& schema, const std::string& key) {
  if (!schema.contains("required")) return false;
  for (const auto& name : schema["required"]) if (name == key) return true;
  return false;
}

// A JSON value of none of the types the property accepts, or nothing if it accepts all.
std::optional<Json> wrongly_typed(const Json& property) {
  const auto accepted = nnplug::detail::types_of(property);
  if (accepted.empty()) return std::nullopt;
  for (const Json& candidate : {Json("not a valid value"), Json(true), Json::array({1, 2}), Json{{"x", 1}}}) {
    bool fits = false;
    for (const auto& type : accepted) fits = fits || nnplug::detail::has_type(candidate, type);
    if (!fits) return candidate;
  }
  return std::nullopt;
}

// Whether the registry made a plugin object; problems surface as exceptions.
bool create(Kind kind, const std::string& name, const Json& params) {
  const auto& registry = nnplug::testing::built_plugins();
  switch (kind) {
    case Kind::optimizer: return static_cast<bool>(registry.create<nnplug::Optimizer>(name, params));
    case Kind::regularizer: return static_cast<bool>(registry.create<nnplug::Regularizer>(name, params));
    case Kind::initializer: return static_cast<bool>(registry.create<nnplug::Initializer>(name, params));
    case Kind::scheduler: return static_cast<bool>(registry.create<nnplug::Scheduler>(name, params));
  }
  return false;
}

}  // namespace

TEST_CASE("the built-in plugins are all found", "[plugins]") {
  const auto& registry = nnplug::testing::built_plugins();
  for (const auto& [kind, name] : std::vector<std::pair<Kind, std::string>>{
           {Kind::optimizer, "sgd"}, {Kind::optimizer, "adam"}, {Kind::initializer, "glorot_uniform"},
           {Kind::initializer, "zeros"}, {Kind::regularizer, "l1"}, {Kind::regularizer, "l2"},
           {Kind::regularizer, "l1_l2"}, {Kind::scheduler, "exponential_decay"}}) {
    INFO(name);
    CHECK(registry.lookup(kind, name) != nullptr);
  }
}

TEST_CASE("Keras spellings find the built-in plugins", "[plugins]") {
  const auto& registry = nnplug::testing::built_plugins();
  for (const auto& [kind, alias, name] : std::vector<std::tuple<Kind, std::string, std::string>>{
           {Kind::optimizer, "SGD", "sgd"}, {Kind::optimizer, "Adam", "adam"},
           {Kind::initializer, "GlorotUniform", "glorot_uniform"}, {Kind::initializer, "zero", "zeros"},
           {Kind::initializer, "Zeros", "zeros"}, {Kind::regularizer, "L1", "l1"}, {Kind::regularizer, "L2", "l2"},
           {Kind::regularizer, "l1l2", "l1_l2"}, {Kind::regularizer, "L1L2", "l1_l2"},
           {Kind::scheduler, "ExponentialDecay", "exponential_decay"}}) {
    INFO(alias);
    const auto* info = registry.lookup(kind, alias);
    REQUIRE(info != nullptr);
    CHECK(info->name == name);
  }
}

TEST_CASE("every plugin documents its parameters and starts with its defaults", "[plugins]") {
  const auto& plugins = nnplug::testing::built_plugins().plugins();
  REQUIRE(plugins.size() >= 8);
  for (const auto& plugin : plugins) {
    INFO(nnplug::kind_name(plugin.kind) << " '" << plugin.name << "' from " << plugin.file);
    CHECK_FALSE(plugin.summary.empty());
    REQUIRE(plugin.schema.is_object());
    CHECK(plugin.schema.value("type", "") == "object");
    REQUIRE(plugin.schema.contains("properties"));
    REQUIRE(plugin.schema["properties"].is_object());
    bool needs_values = false;
    for (const auto& [key, property] : plugin.schema["properties"].items()) {
      INFO("parameter '" << key << "'");
      CHECK(property.contains("description"));
      CHECK(property.value("description", Json()).is_string());
      const bool required = is_required(plugin.schema, key);
      CHECK((property.contains("default") || required));
      needs_values = needs_values || (required && !property.contains("default"));
    }
    if (!needs_values) CHECK(create(plugin.kind, plugin.name, Json::object()));
  }
}

TEST_CASE("a wrongly typed parameter is an error naming the plugin and the key", "[plugins]") {
  for (const auto& plugin : nnplug::testing::built_plugins().plugins()) {
    for (const auto& [key, property] : plugin.schema["properties"].items()) {
      const auto wrong = wrongly_typed(property);
      if (!wrong) continue;
      INFO(plugin.name << "." << key << " = " << wrong->dump());
      try {
        create(plugin.kind, plugin.name, Json{{key, *wrong}});
        FAIL("no error for a wrongly typed value");
      } catch (const nnplug::Error& e) {
        const std::string message = e.what();
        INFO(message);
        CHECK(message.find(plugin.name) != std::string::npos);
        CHECK(message.find("'" + key + "'") != std::string::npos);
      }
    }
  }
}
