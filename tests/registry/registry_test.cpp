// The registry against the fixture libraries (tests/fixtures) and the real plugins.
#include "registry/registry_test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <memory>

using namespace nnplug;
using namespace nnplug::registry_testing;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("expected an nnplug::Error");
  return {};
}

}  // namespace

TEST_CASE("registry finds a plugin by its name and by its aliases, ignoring case and underscores", "[registry]") {
  ScratchDir dir;
  dir.add(fixture("fixture_sgd"));
  dir.add(fixture("fixture_l2"));
  const Registry registry({dir.path()});
  CHECK(registry.problems().empty());
  REQUIRE(registry.plugins().size() == 2);

  const PluginInfo* sgd = registry.lookup(Kind::optimizer, "fixture_sgd");
  REQUIRE(sgd);
  CHECK(sgd->name == "fixture_sgd");
  CHECK(sgd->aliases == std::vector<std::string>{"FixtureSGD", "plain_sgd"});
  CHECK(sgd->summary == "plain gradient descent for tests");
  CHECK(sgd->schema["properties"]["learning_rate"]["default"] == 0.01);
  CHECK(sgd->file == dir.path() / "fixture_sgd.so");
  CHECK(sgd->version == "1.2.3");
  for (const char* spelling : {"FixtureSGD", "FIXTURE_SGD", "fixturesgd", "plain_sgd", "PlainSgd"})
    CHECK(registry.lookup(Kind::optimizer, spelling) == sgd);
  // A name belongs to one kind.
  CHECK(registry.lookup(Kind::regularizer, "fixture_sgd") == nullptr);

  const auto penalty = registry.create<Regularizer>("FixtureWeightPenalty", Json{{"factor", 2.0}});
  CHECK(penalty.name() == "fixture_weight_penalty");
  Eigen::ArrayXf values(2);
  values << 1.0f, 2.0f;
  CHECK(penalty.penalty(ConstArrayMap(values.data(), 2), Shape{2}) == Approx(2.0 * (1.0 + 4.0)));
  // Schema defaults reach the plugin.
  CHECK(registry.create<Regularizer>("fixture_weight_penalty").penalty(ConstArrayMap(values.data(), 2), Shape{2}) ==
        Approx(0.5 * 5.0));
}

TEST_CASE("registry skips libraries that are not usable plugins and says why, without loading them", "[registry]") {
  const Registry registry({fs::path(NNPLUG_TEST_FIXTURE_DIR)});
  CHECK(registry.lookup(Kind::optimizer, "fixture_sgd"));
  CHECK(registry.lookup(Kind::regularizer, "fixture_weight_penalty"));
  CHECK(registry.lookup(Kind::regularizer, "throwing_regularizer"));
  CHECK(registry.plugins().size() == 3);
  CHECK(registry.problems().size() == 6);

  CHECK(has_problem_containing(registry, "not_a_plugin.so: ", "exports no 'nnplug_descriptor'"));
  CHECK(has_problem_containing(registry, "abi_mismatch.so: ",
                               "built for nnplug SDK ABI 999, this host uses " + std::to_string(sdk_abi_version) +
                                   "; rebuild the plugin against this SDK"));
  CHECK(has_problem_containing(registry, "unknown_kind.so: ", "declares plugin kind 42"));
  CHECK(has_problem_containing(registry, "bad_schema.so: ", "'broken_schema' has a parameter schema that is not valid JSON"));
  CHECK(has_problem_containing(registry, "fingerprint_mismatch.so: ",
                               "was built with libstdc++ 99 (this host: libstdc++ " + std::to_string(_GLIBCXX_RELEASE) +
                                   "), nlohmann_json 2.0.0 (this host: nlohmann_json "));
  CHECK(has_problem_containing(registry, "undefined_symbol.so: ", "nnplug_fixture_function_nobody_defines"));
  // A library without a descriptor is never opened; refused ones are closed again.
  CHECK_FALSE(is_mapped(fixture("not_a_plugin")));
  CHECK_FALSE(is_mapped(fixture("abi_mismatch")));
  CHECK_FALSE(is_mapped(fixture("unknown_kind")));
  CHECK_FALSE(is_mapped(fixture("bad_schema")));
  CHECK_FALSE(is_mapped(fixture("fingerprint_mismatch")));
  CHECK_FALSE(is_mapped(fixture("undefined_symbol")));
  CHECK(is_mapped(fixture("fixture_sgd")));
}

TEST_CASE("registry reports files that are not ELF libraries and directories that do not exist", "[registry]") {
  ScratchDir dir;
  dir.write("garbage.so", "this is not a shared library at all");
  dir.write("empty.so", "");
  dir.write("truncated.so", std::string("\x7f" "ELF\x02\x01\x01", 7) + std::string(40, '\xff'));
  dir.write("notes.txt", "not even named like a library");
  dir.add(fixture("fixture_sgd"));
  const fs::path missing = dir.path() / "no_such_dir";
  const Registry registry({missing, dir.path()});

  CHECK(registry.plugins().size() == 1);
  REQUIRE(registry.problems().size() == 4);
  CHECK(registry.problems()[0] == missing.string() + ": plugin directory does not exist; check --plugins and NNPLUG_PLUGIN_PATH");
  // Files are scanned in sorted order.
  CHECK_THAT(registry.problems()[1], StartsWith((dir.path() / "empty.so").string() + ": not an ELF shared library"));
  CHECK_THAT(registry.problems()[2], StartsWith((dir.path() / "garbage.so").string() + ": not an ELF shared library"));
  CHECK_THAT(registry.problems()[3], StartsWith((dir.path() / "truncated.so").string() + ": unreadable ELF file"));
  CHECK(registry.directories() == std::vector<fs::path>{missing, dir.path()});
}

TEST_CASE("registry keeps the first of two plugins with one name and lists the second", "[registry]") {
  ScratchDir first, second;
  first.add(fixture("fixture_sgd"));
  second.add(fixture("fixture_sgd"));
  second.add(fixture("fixture_l2"));
  const Registry registry({first.path(), second.path()});

  CHECK(registry.plugins().size() == 2);
  CHECK(registry.find(Kind::optimizer, "fixture_sgd").file == first.path() / "fixture_sgd.so");
  REQUIRE(registry.problems().size() == 1);
  CHECK(registry.problems()[0] == (second.path() / "fixture_sgd.so").string() +
                                      ": optimizer plugin name 'fixture_sgd' is already provided by " +
                                      (first.path() / "fixture_sgd.so").string() +
                                      "; keeping the first on the search path");
}

TEST_CASE("registry names unknown plugins with the nearest names, the kind and where it looked", "[registry]") {
  ScratchDir dir;
  dir.add(fixture("fixture_sgd"));
  dir.add(fixture("fixture_l2"));
  const Registry registry({dir.path()});

  const std::string typo = error_of([&] { registry.find(Kind::optimizer, "fixture_sdg", "/compile/optimizer"); });
  CHECK(typo == "/compile/optimizer: no optimizer plugin named 'fixture_sdg'. Did you mean 'fixture_sgd'? Run "
                "'nnplug plugins --kind optimizer' to list them (searched: " + dir.path().string() + ").");

  const std::string wrong_kind = error_of([&] { registry.create<Optimizer>("FixtureWeightPenalty", {}, "/compile/optimizer"); });
  CHECK_THAT(wrong_kind, StartsWith("/compile/optimizer: no optimizer plugin named 'FixtureWeightPenalty'."));
  CHECK_THAT(wrong_kind, Contains("'fixture_weight_penalty' is a regularizer plugin, not an optimizer"));

  const std::string nothing_near = error_of([&] { registry.find(Kind::initializer, "he_normal"); });
  CHECK_THAT(nothing_near, StartsWith("no initializer plugin named 'he_normal'. Run 'nnplug plugins --kind initializer'"));
}

TEST_CASE("a plugin name is never a path", "[registry]") {
  const Registry registry({fs::path(NNPLUG_TEST_FIXTURE_DIR)});
  for (const char* path : {"fixture_sgd.so", "../fixtures/fixture_sgd", "/tmp/evil", "dir\\sgd"}) {
    const std::string message = error_of([&] { registry.create<Optimizer>(path, {}, "/compile/optimizer"); });
    CHECK_THAT(message, StartsWith("/compile/optimizer: '" + std::string(path) + "' is a path, not a plugin name"));
  }
  CHECK_THROWS_AS(normalize_name(""), Error);
  CHECK(normalize_name("Glorot_Uniform") == "glorotuniform");
  CHECK(normalize_name("L1L2") == normalize_name("l1_l2"));
  CHECK(normalize_name("RMSprop") == "rmsprop");
}

TEST_CASE("search path: command line, then NNPLUG_PLUGIN_PATH, then the installed directory, no repeats", "[registry]") {
  ScratchDir a, b, c;
  const ScopedEnv env("NNPLUG_PLUGIN_PATH", b.path().string() + "::" + c.path().string() + ":" + a.path().string() + "/.");
  const auto path = Registry::search_path({a.path(), b.path() / "." / ".."/ b.path().filename()});
  REQUIRE(path.size() >= 3);
  CHECK(path[0] == a.path());
  CHECK(path[1] == b.path() / "." / ".." / b.path().filename());
  CHECK(path[2] == c.path());
  // The install's plugin directory, found from the running executable, comes last.
  const fs::path installed = (fs::path(NNPLUG_CLI).parent_path() / ".." / "lib" / "nnplug" / "plugins").lexically_normal();
  if (fs::is_directory(installed)) {
    REQUIRE(path.size() == 4);
    CHECK(fs::equivalent(path[3], installed));
  } else {
    CHECK(path.size() == 3);
  }

  // And the registry built from it finds what NNPLUG_PLUGIN_PATH points at.
  c.add(fixture("fixture_sgd"));
  const ScopedEnv only_c("NNPLUG_PLUGIN_PATH", c.path().string());
  const Registry registry(Registry::search_path());
  CHECK(registry.find(Kind::optimizer, "fixture_sgd").file == c.path() / "fixture_sgd.so");
}

TEST_CASE("exceptions thrown inside a plugin become nnplug::Error naming the plugin", "[registry]") {
  const Registry registry({fs::path(NNPLUG_TEST_FIXTURE_DIR)});
  const std::string factory = error_of([&] {
    registry.create<Optimizer>("fixture_sgd", Json{{"fail_in", "create"}}, "/compile/optimizer");
  });
  CHECK_THAT(factory, StartsWith("/compile/optimizer: optimizer 'fixture_sgd' ("));
  CHECK_THAT(factory, Contains("failed to start: refusing to be created (fail_in = create)"));

  const auto optimizer = registry.create<Optimizer>("fixture_sgd", Json{{"fail_in", "update"}});
  Eigen::ArrayXf value = Eigen::ArrayXf::Ones(3), gradient = Eigen::ArrayXf::Ones(3);
  const std::string update = error_of([&] {
    std::vector<ArrayMap> none;
    const Shape shape{3};
    optimizer.update(ArrayMap(value.data(), 3), ConstArrayMap(gradient.data(), 3), none, StepContext{},
                     Variable{"w", shape, 0});
  });
  CHECK(update == "optimizer 'fixture_sgd' (" + fixture("fixture_sgd").string() +
                      ") failed: cannot update (fail_in = update)");

  const std::string params = error_of([&] {
    registry.create<Optimizer>("fixture_sgd", Json{{"learning_rate", -1}}, "/compile/optimizer");
  });
  CHECK_THAT(params, StartsWith("/compile/optimizer/learning_rate: fixture_sgd: out of range (expected a number > 0, got -1"));
}

TEST_CASE("plugin objects keep their library loaded after the registry is gone", "[registry]") {
  ScratchDir dir;
  const fs::path file = dir.add(fixture("fixture_l2"));
  auto registry = std::make_unique<Registry>(std::vector<fs::path>{dir.path()});
  auto penalty = registry->create<Regularizer>("fixture_weight_penalty", Json{{"factor", 3.0}});
  registry.reset();
  CHECK(is_mapped(file));

  Eigen::ArrayXf values = Eigen::ArrayXf::Constant(4, 2.0f), gradient = Eigen::ArrayXf::Zero(4);
  CHECK(penalty.penalty(ConstArrayMap(values.data(), 4), Shape{4}) == Approx(3.0 * 16.0));
  penalty.add_gradient(ConstArrayMap(values.data(), 4), Shape{4}, ArrayMap(gradient.data(), 4), 1.0f);
  CHECK((gradient == 12.0f).all());

  penalty = {};
  CHECK_FALSE(is_mapped(file));  // the last holder unloads it (plugins are built with -fno-gnu-unique)
}

TEST_CASE("a stripped plugin (no symbol table left) is still found through its Boost.DLL section", "[registry]") {
  ScratchDir dir;
  const fs::path file = dir.add(fixture("fixture_sgd"));
  const std::string command = "strip --strip-all '" + file.string() + "' 2>/dev/null";
  REQUIRE(std::system(command.c_str()) == 0);  // binutils' strip comes with the compiler
  const Registry registry({dir.path()});
  CHECK(registry.problems().empty());
  CHECK(registry.lookup(Kind::optimizer, "fixture_sgd"));
}

TEST_CASE("with no near name, the error lists the installed plugins of that kind", "[registry]") {
  ScratchDir dir;
  dir.add(fixture("fixture_sgd"));
  const Registry registry({dir.path()});
  try {
    registry.find(Kind::optimizer, "adam", "/compile/optimizer");
    FAIL("adam is not installed");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "/compile/optimizer: no optimizer plugin named 'adam'. Installed optimizer plugins: "
                                   "fixture_sgd. Run 'nnplug plugins --kind optimizer' to list them (searched: " +
                                       dir.path().string() + ").");
  }
}

TEST_CASE("an exception type defined inside a plugin becomes the host's error naming the plugin and its file",
          "[registry][boundary]") {
  const Registry registry({fs::path(NNPLUG_TEST_FIXTURE_DIR)});
  Eigen::ArrayXf values = Eigen::ArrayXf::Ones(3), gradient = Eigen::ArrayXf::Zero(3);
  const std::string file = fixture("throwing_regularizer").string();
  for (const char* exception : {"std_derived", "foreign"}) {
    const auto penalty = registry.create<Regularizer>("throwing_regularizer", Json{{"exception", exception}});
    try {
      penalty.penalty(ConstArrayMap(values.data(), 3), Shape{3});
      FAIL("the fixture throws");
    } catch (const Error& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find("regularizer 'throwing_regularizer' (" + file + ") failed") == 0);
      if (std::string(exception) == "std_derived") CHECK(std::string(e.what()).find("the penalty broke in penalty") != std::string::npos);
      else CHECK(std::string(e.what()).find("not a std::exception") != std::string::npos);
    }
  }
}

TEST_CASE("a plugin name whose library was skipped says why in the not-found error", "[registry]") {
  const Registry registry({fs::path(NNPLUG_TEST_FIXTURE_DIR)});
  try {
    registry.find(Kind::regularizer, "undefined_symbol", "/model/layers/0/kernel_regularizer");
    FAIL("the library cannot be loaded");
  } catch (const Error& e) {
    const std::string message = e.what();
    INFO(message);
    CHECK(message.find(fixture("undefined_symbol").string() + ": cannot be loaded") != std::string::npos);
    CHECK(message.find("nnplug_fixture_function_nobody_defines") != std::string::npos);
  }
}
