#pragma once
// The contract checks every plugin must pass, in one place: the built-in plugins' tests
// (tests/plugins/conformance_test.cpp) and `nnplug test-plugin FILE.so` both run these, so
// a plugin author's own plugin meets exactly the rules the shipped ones do.
#include <nnplug/registry/registry.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nnplug {

// One broken rule: its name (a key of plugin_rules()) and what was seen.
struct RuleViolation {
  std::string rule;
  std::string detail;
};

struct PluginRule {
  std::string_view name;
  std::string_view text;  // the rule, one sentence
};

// Every rule check_plugin() may report, in the order it checks them.
const std::vector<PluginRule>& plugin_rules();
// The sentence of rule `name` ("" for an unknown name).
std::string_view rule_text(std::string_view name);

// Parameters the plugin can be created with: {} when every parameter has a default, else
// the first of its schema's "examples"; nothing when it has neither.
std::optional<Json> example_params(const PluginInfo& plugin);

// Runs every rule that applies to the plugin's kind on `plugin`, created through
// `registry` as the host would, and returns the rules it breaks (empty: conforming).
// Never throws for a broken plugin: what it throws is reported as the rule being checked.
std::vector<RuleViolation> check_plugin(const Registry& registry, const PluginInfo& plugin);

// "rule-name: detail (the rule)" per line.
std::string describe(const std::vector<RuleViolation>& violations);

}  // namespace nnplug
