#pragma once
// What each kind's checks share: a list of violations and a guard that turns anything a
// check throws into a violation of the rule it was checking.
#include <nnplug/plugin_check/plugin_check.hpp>

#include <exception>
#include <sstream>

namespace nnplug::plugin_check {

class Checker {
 public:
  Checker(const Registry& registry, const PluginInfo& plugin, Json params)
      : registry(registry), plugin(plugin), params(std::move(params)) {}

  const Registry& registry;
  const PluginInfo& plugin;
  const Json params;  // what the plugin is created with (example_params)

  void fail(std::string_view rule, std::string detail) { violations_.push_back({std::string(rule), std::move(detail)}); }
  // false (and a violation of `rule`) unless `ok`.
  bool expect(bool ok, std::string_view rule, const std::string& detail) {
    if (!ok) fail(rule, detail);
    return ok;
  }
  // Runs one rule's check; an exception is that rule broken, the message as the detail.
  template <class F>
  void rule(std::string_view name, F&& check) {
    try {
      check();
    } catch (const std::exception& e) {
      fail(name, e.what());
    } catch (...) {
      fail(name, "threw something that is not a std::exception");
    }
  }
  template <class T>
  Loaded<T> create() const {
    return registry.create<T>(plugin.name, params, "test-plugin");
  }
  bool broke(std::string_view rule) const {
    for (const auto& violation : violations_)
      if (violation.rule == rule) return true;
    return false;
  }
  std::vector<RuleViolation> take() { return std::move(violations_); }

 private:
  std::vector<RuleViolation> violations_;
};

template <class... Parts>
std::string text(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

void check_optimizer(Checker& checker);
void check_schedule(Checker& checker);
void check_initializer(Checker& checker);
void check_regularizer(Checker& checker);
void check_callback(Checker& checker);

}  // namespace nnplug::plugin_check
