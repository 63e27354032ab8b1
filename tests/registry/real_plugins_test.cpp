// The registry against the plugins this build ships.
#include "plugins/plugin_testing.hpp"
#include "registry/registry_test_support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>

using namespace nnplug;
using namespace nnplug::registry_testing;
using Catch::Matchers::Contains;

namespace {

struct Expected {
  Kind kind;
  const char* name;
  const char* other_spelling;
};

const Expected shipped[] = {
    {Kind::optimizer, "sgd", "SGD"},
    {Kind::optimizer, "adam", "Adam"},
    {Kind::initializer, "glorot_uniform", "GlorotUniform"},
    {Kind::initializer, "zeros", "Zeros"},
    {Kind::regularizer, "l1", "L1"},
    {Kind::regularizer, "l2", "L2"},
    {Kind::regularizer, "l1_l2", "L1L2"},
    {Kind::schedule, "exponential_decay", "ExponentialDecay"},
};

}  // namespace

TEST_CASE("the shipped plugins load cleanly and answer to their Keras names", "[registry]") {
  const Registry registry({plugin_dir()});
  CHECK(registry.problems().empty());
  for (const auto& problem : registry.problems()) WARN(problem);
  for (const auto& expected : shipped) {
    INFO(expected.name);
    const PluginInfo* info = registry.lookup(expected.kind, expected.name);
    REQUIRE(info);
    CHECK(info->name == expected.name);
    CHECK(registry.lookup(expected.kind, expected.other_spelling) == info);
    CHECK(testing::create_by_kind(registry, expected.kind, expected.other_spelling, testing::example_params(*info)) ==
          expected.name);
  }
  CHECK(registry.lookup(Kind::regularizer, "l1l2") == registry.lookup(Kind::regularizer, "l1_l2"));
}

TEST_CASE("removing one plugin's library makes exactly that plugin unavailable", "[registry]") {
  const Registry complete({plugin_dir()});
  const PluginInfo* l1_l2 = complete.lookup(Kind::regularizer, "l1_l2");
  REQUIRE(l1_l2);

  ScratchDir copy;
  for (const auto& entry : fs::directory_iterator(plugin_dir()))
    if (entry.path().extension() == ".so" && entry.path().filename() != l1_l2->file.filename()) copy.add(entry.path());
  const Registry reduced({copy.path()});

  CHECK(reduced.plugins().size() == complete.plugins().size() - 1);
  CHECK(reduced.lookup(Kind::regularizer, "l1_l2") == nullptr);
  for (const auto& info : complete.plugins())
    if (info.name != "l1_l2") CHECK(reduced.lookup(info.kind, info.name));
  try {
    reduced.create<Regularizer>("l1_l2", {}, "/model/layers/0/kernel_regularizer");
    FAIL("l1_l2 should be gone");
  } catch (const Error& e) {
    const std::string message = e.what();
    CHECK_THAT(message, Contains("/model/layers/0/kernel_regularizer: no regularizer plugin named 'l1_l2'. Did you mean "));
    CHECK_THAT(message, Contains("'l1'"));
    CHECK_THAT(message, Contains("'l2'"));
    CHECK_THAT(message, Contains("(searched: " + copy.path().string() + ")"));
  }
}

TEST_CASE("time to scan and load every shipped plugin", "[.][registry-timing]") {
  constexpr int rounds = 20;
  const auto start = std::chrono::steady_clock::now();
  std::size_t found = 0;
  for (int i = 0; i < rounds; ++i) found = Registry({plugin_dir()}).plugins().size();
  const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  std::cout << "scan + load of " << found << " plugins: " << elapsed.count() / rounds << " ms per registry\n";
}
