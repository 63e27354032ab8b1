#pragma once
// Shared by the built-in plugins' tests: the registry over the build's plugin directory,
// the PyTorch reference files, and an element-wise comparison that names what differs.
#include <catch2/catch.hpp>
#include <nnplug/registry/registry.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

namespace nnplug::testing {

inline const Registry& built_plugins() {
  static const Registry registry({NNPLUG_TEST_PLUGIN_DIR});
  return registry;
}

// A JSON file under tests/data/reference/, written by tools/reference/plugins.py.
inline Json reference(const std::string& file) {
  const std::string path = std::string(NNPLUG_TEST_DATA_DIR) + "/reference/" + file;
  std::ifstream in(path);
  REQUIRE(in.good());
  return Json::parse(in);
}

// Creates plugin `name` of any kind with `params` and returns the name the object reports;
// problems surface as nnplug::Error.
inline std::string create_by_kind(const Registry& registry, Kind kind, const std::string& name, const Json& params) {
  switch (kind) {
    case Kind::optimizer: return registry.create<Optimizer>(name, params).name();
    case Kind::regularizer: return registry.create<Regularizer>(name, params).name();
    case Kind::initializer: return registry.create<Initializer>(name, params).name();
    case Kind::schedule: return registry.create<Schedule>(name, params).name();
    case Kind::callback: return registry.create<Callback>(name, params).name();
  }
  return {};
}

// Parameters a plugin can be created with: {} when every parameter has a default, else
// the first of the "examples" its schema must then carry.
inline Json example_params(const PluginInfo& plugin) {
  bool needs_values = false;
  for (const auto& key : plugin.schema.value("required", Json::array()))
    needs_values = needs_values || !plugin.schema["properties"].value(key.get<std::string>(), Json::object()).contains("default");
  if (!needs_values) return Json::object();
  REQUIRE(plugin.schema.contains("examples"));
  REQUIRE(plugin.schema["examples"].is_array());
  REQUIRE(!plugin.schema["examples"].empty());
  return plugin.schema["examples"][0];
}

// |actual - expected| <= relative * |expected| + absolute, for every element.
inline void check_close(const std::vector<float>& actual, const std::vector<double>& expected, double relative,
                        double absolute, const std::string& what) {
  REQUIRE(actual.size() == expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    INFO(what << ", element " << i << ": got " << actual[i] << ", expected " << expected[i]);
    CHECK(std::abs(double(actual[i]) - expected[i]) <= relative * std::abs(expected[i]) + absolute);
  }
}

}  // namespace nnplug::testing
