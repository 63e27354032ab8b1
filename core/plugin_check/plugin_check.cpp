// The rules every plugin keeps whatever its kind (descriptor, schema, factory), and the
// dispatch to the rules of its kind's interface (sdk/include/nnplug/sdk/*.hpp).
#include "checker.hpp"

#include <nnplug/config/json_schema.hpp>

namespace nnplug {
namespace {

using plugin_check::Checker;
using plugin_check::text;

bool is_required(const Json& schema, const std::string& key) {
  for (const auto& name : schema.value("required", Json::array()))
    if (name == key) return true;
  return false;
}

// A JSON value of none of the types the property accepts, or nothing if it accepts all.
std::optional<Json> wrongly_typed(const Json& property) {
  const auto accepted = schema_types(property);
  if (accepted.empty()) return std::nullopt;
  const Json type_only{{"type", accepted}};
  for (const Json& candidate : {Json("not a valid value"), Json(true), Json::array({1, 2}), Json{{"x", 1}}})
    if (!validate(type_only, candidate, "test").empty()) return candidate;
  return std::nullopt;
}

// Creates the plugin with `params` as the host would, whatever its kind.
void create_any(const Registry& registry, const PluginInfo& plugin, const Json& params) {
  switch (plugin.kind) {
    case Kind::optimizer: registry.create<Optimizer>(plugin.name, params, "test-plugin"); return;
    case Kind::regularizer: registry.create<Regularizer>(plugin.name, params, "test-plugin"); return;
    case Kind::initializer: registry.create<Initializer>(plugin.name, params, "test-plugin"); return;
    case Kind::schedule: registry.create<Schedule>(plugin.name, params, "test-plugin"); return;
    case Kind::callback: registry.create<Callback>(plugin.name, params, "test-plugin"); return;
  }
}

// False when the schema is too malformed for any further check.
bool check_schema(Checker& c) {
  const Json& schema = c.plugin.schema;
  if (!c.expect(schema.is_object() && schema.value("type", "") == "object" && schema.contains("properties") &&
                    schema["properties"].is_object(),
                "schema-shape", "schema is " + schema.dump()))
    return false;
  for (const auto& [key, property] : schema["properties"].items()) {
    c.expect(property.is_object() && property.value("description", Json()).is_string(), "schema-described",
             "parameter '" + key + "' has no \"description\" string");
    c.expect(property.is_object() && (property.contains("default") || is_required(schema, key)), "schema-defaults",
             "parameter '" + key + "' has neither a \"default\" nor a place in \"required\"");
  }
  return true;
}

void check_factory(Checker& c) {
  c.rule("creates-with-defaults", [&] { create_any(c.registry, c.plugin, c.params); });
  c.rule("creates-with-examples", [&] {
    for (const auto& example : c.plugin.schema.value("examples", Json::array())) {
      try {
        create_any(c.registry, c.plugin, example);
      } catch (const std::exception& e) {
        c.fail("creates-with-examples", "example " + example.dump() + ": " + e.what());
      }
    }
  });
  for (const auto& [key, property] : c.plugin.schema["properties"].items()) {
    const auto wrong = wrongly_typed(property);
    if (!wrong) continue;
    Json params = c.params;
    params[key] = *wrong;
    const std::string what = "'" + key + "' = " + wrong->dump();
    try {
      create_any(c.registry, c.plugin, params);
      c.fail("wrong-type-named", what + " was accepted");
    } catch (const std::exception& e) {
      const std::string message = e.what();
      // The key as 'key' or as the end of a JSON pointer (".../key").
      const bool names_key = message.find("'" + key + "'") != std::string::npos ||
                             message.find("/" + key + ":") != std::string::npos ||
                             message.find("/" + key + " ") != std::string::npos;
      c.expect(message.find(c.plugin.name) != std::string::npos && names_key, "wrong-type-named",
               what + " gave an error not naming both the plugin and the parameter: " + message);
    }
  }
}

}  // namespace

const std::vector<PluginRule>& plugin_rules() {
  static const std::vector<PluginRule> rules{
      {"loads",
       "the library loads as an nnplug plugin: this SDK ABI, this build fingerprint, every symbol bound, a valid schema"},
      {"descriptor", "the descriptor carries a version and a one-line summary"},
      {"schema-shape", "the schema is a JSON object {\"type\": \"object\", \"properties\": {...}}"},
      {"schema-described", "every parameter has a \"description\""},
      {"schema-defaults",
       "every parameter has a \"default\" or is \"required\", and a plugin with required parameters carries \"examples\""},
      {"creates-with-defaults", "the factory creates an object from the schema's defaults (or its first example)"},
      {"creates-with-examples", "the factory creates an object from every one of the schema's \"examples\""},
      {"wrong-type-named", "a wrongly typed parameter is an error naming the plugin and the parameter"},
      {"slots-stable", "an optimizer's slots() and globals() give the same named list for the same shape"},
      {"elementwise-slot-shapes", "an elementwise() optimizer's slots all have the parameter's shape"},
      {"elementwise-pieces",
       "an elementwise() optimizer updated piece by piece gives bit for bit what one whole update gives"},
      {"finite-updates", "an optimizer keeps weights finite on a fixed problem with zero and sign-changing gradients"},
      {"state-round-trip",
       "saved state restored into a fresh object continues exactly as the original (optimizer: iterations, "
       "globals and slots; callback: load_state(state()))"},
      {"schedule-pure", "a schedule gives the same finite, non-negative rate for the same step"},
      {"initializer-fills", "an initializer writes every value, finite, and a seeded one repeats itself"},
      {"regularizer-adds", "a regularizer adds its gradient to what is there and has a finite, non-negative penalty"},
  };
  return rules;
}

std::string_view rule_text(std::string_view name) {
  for (const auto& rule : plugin_rules())
    if (rule.name == name) return rule.text;
  return {};
}

std::optional<Json> example_params(const PluginInfo& plugin) {
  if (!plugin.schema.is_object()) return std::nullopt;
  const Json properties = plugin.schema.value("properties", Json::object());
  bool needs_values = false;
  for (const auto& key : plugin.schema.value("required", Json::array()))
    needs_values = needs_values || !key.is_string() || !properties.value(key.get<std::string>(), Json::object()).contains("default");
  if (!needs_values) return Json::object();
  const Json examples = plugin.schema.value("examples", Json());
  if (!examples.is_array() || examples.empty()) return std::nullopt;
  return examples[0];
}

std::vector<RuleViolation> check_plugin(const Registry& registry, const PluginInfo& plugin) {
  const auto params = example_params(plugin);
  Checker c(registry, plugin, params.value_or(Json::object()));
  c.expect(!plugin.version.empty(), "descriptor", "the version is empty");
  c.expect(!plugin.summary.empty(), "descriptor", "the summary is empty");
  if (!check_schema(c)) return c.take();
  if (!params) {
    c.fail("schema-defaults", "required parameters without defaults, and no \"examples\" to create it with");
    return c.take();
  }
  check_factory(c);
  if (c.broke("creates-with-defaults")) return c.take();  // nothing to check the interface on
  switch (plugin.kind) {
    case Kind::optimizer: plugin_check::check_optimizer(c); break;
    case Kind::regularizer: plugin_check::check_regularizer(c); break;
    case Kind::initializer: plugin_check::check_initializer(c); break;
    case Kind::schedule: plugin_check::check_schedule(c); break;
    case Kind::callback: plugin_check::check_callback(c); break;
  }
  return c.take();
}

std::string describe(const std::vector<RuleViolation>& violations) {
  std::string out;
  for (const auto& violation : violations)
    out += violation.rule + ": " + violation.detail + " (rule: " + std::string(rule_text(violation.rule)) + ")\n";
  return out;
}

}  // namespace nnplug
