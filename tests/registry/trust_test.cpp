// Plugin directory trust, as OpenSSH's StrictModes: code others could replace is skipped.
#include "registry/registry_test_support.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace nnplug;
using namespace nnplug::registry_testing;

namespace {

bool any_problem_has(const Registry& registry, const std::string& text) {
  for (const auto& problem : registry.problems())
    if (problem.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("a plugin directory others may write is skipped, with how to fix or allow it", "[registry][trust]") {
  ScratchDir dir;
  dir.add(fixture("fixture_sgd"));
  fs::permissions(dir.path(), fs::perms(0757));
  const Registry strict({dir.path()});
  CHECK_FALSE(strict.lookup(Kind::optimizer, "fixture_sgd"));
  CHECK(any_problem_has(strict, dir.path().string() + ": plugin directory is writable by everyone (mode 0757)"));
  CHECK(any_problem_has(strict, "chmod go-w"));
  CHECK(any_problem_has(strict, "--allow-insecure-plugins"));

  const Registry allowed({dir.path()}, RegistryOptions{.allow_insecure = true});
  CHECK(allowed.lookup(Kind::optimizer, "fixture_sgd"));
  CHECK(allowed.problems().empty());
}

TEST_CASE("a group-writable plugin file is skipped, the rest of its directory is not", "[registry][trust]") {
  ScratchDir dir;
  fs::permissions(dir.path(), fs::perms(0755));
  const auto file = dir.add(fixture("fixture_sgd"));
  dir.add(fixture("fixture_l2"));
  fs::permissions(file, fs::perms(0775));
  const Registry registry({dir.path()});
  CHECK_FALSE(registry.lookup(Kind::optimizer, "fixture_sgd"));
  CHECK(registry.lookup(Kind::regularizer, "fixture_weight_penalty"));
  CHECK(any_problem_has(registry, "fixture_sgd.so: plugin file is writable by its group (mode 0775)"));
}

TEST_CASE("plugins owned by another user than root or the one running are skipped", "[registry][trust]") {
  ScratchDir dir;
  fs::permissions(dir.path(), fs::perms(0755));
  const auto file = dir.add(fixture("fixture_sgd"));
  const uid_t stranger = ::geteuid() == 12345 ? 12346 : 12345;
  REQUIRE(::chown(file.c_str(), stranger, stranger) == 0);  // the tests run as root
  const Registry registry({dir.path()});
  CHECK_FALSE(registry.lookup(Kind::optimizer, "fixture_sgd"));
  CHECK(any_problem_has(registry, "is owned by uid " + std::to_string(stranger)));
}

TEST_CASE("a plugin that takes a built-in plugin's name is reported as shadowing it", "[registry][trust]") {
  REQUIRE(fs::exists(plugin_dir() / "optimizers_adam.so"));
  ScratchDir dir;
  fs::permissions(dir.path(), fs::perms(0755));
  fs::copy_file(plugin_dir() / "optimizers_adam.so", dir.path() / "my_adam.so");
  // The built-in directory is the one beside the running executable; the test binary
  // lives in the build tree's bin/, so it is the build's plugin directory.
  REQUIRE(fs::weakly_canonical(Registry::builtin_directory()) == fs::weakly_canonical(plugin_dir()));
  const Registry registry({dir.path(), plugin_dir()});
  REQUIRE(registry.lookup(Kind::optimizer, "adam"));
  CHECK(registry.lookup(Kind::optimizer, "adam")->file == dir.path() / "my_adam.so");
  CHECK(any_problem_has(registry, "my_adam.so: shadows the built-in optimizer plugin 'adam'"));
}
