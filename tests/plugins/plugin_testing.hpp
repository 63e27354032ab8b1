#pragma once
// Shared by the built-in plugins' tests: the registry over the build's plugin directory,
// the PyTorch reference files, and an element-wise comparison that names what differs.
#include <catch2/catch.hpp>
#include <nnplug/registry.hpp>

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
