// Rules every plugin the registry finds must follow, so a plugin added later is checked
// without anyone writing a test for it. The rules live in core/plugin_check, which
// `nnplug test-plugin` runs on an author's own plugin too: one implementation for both.
// This file runs them on every built-in plugin and proves each rule catches the plugin
// that breaks it (tests/fixtures/broken_*.cpp).
#include "plugins/plugin_testing.hpp"

#include <nnplug/plugin_check/plugin_check.hpp>

#include <algorithm>
#include <map>

namespace {

using nnplug::Json;
using nnplug::Kind;

// Runs every rule on every built-in plugin of `kind`; returns how many plugins there were.
std::size_t check_every(Kind kind) {
  const auto& registry = nnplug::testing::built_plugins();
  std::size_t checked = 0;
  for (const auto& plugin : registry.plugins()) {
    if (plugin.kind != kind) continue;
    INFO(nnplug::kind_name(plugin.kind) << " '" << plugin.name << "' from " << plugin.file);
    const auto violations = nnplug::check_plugin(registry, plugin);
    INFO(nnplug::describe(violations));
    CHECK(violations.empty());
    ++checked;
  }
  return checked;
}

std::vector<std::string> broken_rules(const std::string& fixture) {
  const nnplug::Registry registry({std::string(NNPLUG_TEST_FIXTURE_DIR) + "/broken"});
  const auto* plugin = registry.lookup(Kind::optimizer, fixture);
  REQUIRE(plugin != nullptr);
  std::vector<std::string> rules;
  for (const auto& violation : nnplug::check_plugin(registry, *plugin)) rules.push_back(violation.rule);
  std::sort(rules.begin(), rules.end());
  rules.erase(std::unique(rules.begin(), rules.end()), rules.end());
  return rules;
}

}  // namespace

TEST_CASE("the built-in plugins are all found", "[plugins]") {
  const auto& registry = nnplug::testing::built_plugins();
  for (const auto& [kind, name] : std::vector<std::pair<Kind, std::string>>{
           {Kind::optimizer, "sgd"}, {Kind::optimizer, "adam"}, {Kind::initializer, "glorot_uniform"},
           {Kind::initializer, "zeros"}, {Kind::regularizer, "l1"}, {Kind::regularizer, "l2"},
           {Kind::regularizer, "l1_l2"}, {Kind::schedule, "exponential_decay"}}) {
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
           {Kind::schedule, "ExponentialDecay", "exponential_decay"}}) {
    INFO(alias);
    const auto* info = registry.lookup(kind, alias);
    REQUIRE(info != nullptr);
    CHECK(info->name == name);
  }
}

TEST_CASE("every built-in optimizer keeps the plugin contract", "[plugins][contract]") {
  CHECK(check_every(Kind::optimizer) >= 12);
}

TEST_CASE("every built-in regularizer keeps the plugin contract", "[plugins][contract]") {
  CHECK(check_every(Kind::regularizer) >= 4);
}

TEST_CASE("every built-in initializer keeps the plugin contract", "[plugins][contract]") {
  CHECK(check_every(Kind::initializer) >= 15);
}

TEST_CASE("every built-in schedule keeps the plugin contract", "[plugins][contract]") {
  CHECK(check_every(Kind::schedule) >= 9);
}

TEST_CASE("every built-in callback keeps the plugin contract", "[plugins][contract]") {
  CHECK(check_every(Kind::callback) >= 6);
}

TEST_CASE("every contract rule is named and explained", "[plugins][contract]") {
  std::map<std::string, int> seen;
  for (const auto& rule : nnplug::plugin_rules()) {
    CHECK_FALSE(rule.text.empty());
    CHECK(++seen[std::string(rule.name)] == 1);
  }
  CHECK(nnplug::rule_text("elementwise-pieces").find("piece") != std::string_view::npos);
  CHECK(nnplug::rule_text("no-such-rule").empty());
}

// Each fixture breaks the rules named and keeps every other: the checks find exactly
// what is wrong, and only that.
TEST_CASE("the contract checks name exactly the rules a broken plugin breaks", "[plugins][contract]") {
  CHECK(broken_rules("broken_elementwise") == std::vector<std::string>{"elementwise-pieces"});
  CHECK(broken_rules("broken_slots") == std::vector<std::string>{"slots-stable"});
  CHECK(broken_rules("broken_schema") == std::vector<std::string>{"schema-defaults", "schema-described"});
  CHECK(broken_rules("broken_nan") == std::vector<std::string>{"finite-updates"});
}
