// A plugin built outside plugins/ (examples/custom_plugin) is found with --plugins, trains
// like a built-in one, keeps the plugin contract, and computes what its paper says.
#include "plugins/optimizer_runner.hpp"
#include "plugins/plugin_testing.hpp"
#include "support/cli.hpp"

#include <catch2/catch.hpp>
#include <nnplug/plugin_check/plugin_check.hpp>

using namespace nnplug;
using namespace nnplug::test;

TEST_CASE("an out-of-tree optimizer plugin is listed and used by name", "[cli][custom-plugin]") {
  TempDir dir;
  const auto listing = run_nnplug({"plugins", "--plugins", NNPLUG_EXAMPLE_PLUGIN_DIR, "--kind", "optimizer"}, dir.path());
  REQUIRE(listing.exit_code == 0);
  CHECK(listing.out.find("sign_sgd") != std::string::npos);

  write_blobs_csv(dir / "blobs.csv", 600, 4, 3, 2);
  Json config = blobs_config("blobs.csv", 4, 3);
  config["compile"]["optimizer"] = {{"name", "SignSGD"}, {"learning_rate", 0.01}};
  write_file(dir / "config.json", config.dump());
  const auto without = run_nnplug({"train", "config.json", "--overwrite"}, dir.path());
  CHECK(without.exit_code == 2);
  CHECK(without.err.find("SignSGD") != std::string::npos);

  const auto with = run_nnplug({"train", "config.json", "--overwrite", "--plugins", NNPLUG_EXAMPLE_PLUGIN_DIR}, dir.path());
  INFO(with.err);
  REQUIRE(with.exit_code == 0);
  const auto history = read_file(dir / "out" / "history.csv");
  const auto last_line = history.substr(history.rfind('\n', history.size() - 2) + 1);
  // columns: epoch,accuracy,... : sign steps of 0.01 for 20 epochs separate the blobs.
  CHECK(std::stod(last_line.substr(last_line.find(',') + 1)) >= 0.9);
}

// AdaBelief, the example's optimizer Keras lacks, follows its paper's Algorithm 2 step by
// step: tools/reference/adabelief/generate.py transcribes it in NumPy (float64).
TEST_CASE("the example's AdaBelief matches a NumPy transcription of its paper", "[cli][custom-plugin]") {
  const Registry registry({NNPLUG_EXAMPLE_PLUGIN_DIR});
  REQUIRE(registry.lookup(Kind::optimizer, "adabelief") != nullptr);
  const Json reference = nnplug::testing::reference("adabelief.json");
  const auto initial = reference["initial"].get<std::vector<float>>();
  for (const auto& c : reference["cases"]) {
    INFO("AdaBelief " << c["params"].dump());
    const auto optimizer = registry.create<Optimizer>("AdaBelief", c["params"]);
    nnplug::testing::OptimizerRunner runner(optimizer, {initial});
    const auto& gradients = c["gradients"];
    for (std::size_t step = 0; step < gradients.size(); ++step) {
      runner.step(c["learning_rate"].get<float>(), [&](std::size_t, ConstArrayMap, ArrayMap gradient) {
        for (Eigen::Index i = 0; i < gradient.size(); ++i) gradient[i] = gradients[step][i].get<float>();
      });
      nnplug::testing::check_close(runner.values(), c["expected"][step].get<std::vector<double>>(), 2e-5, 1e-6,
                                   "step " + std::to_string(step + 1));
    }
  }
}

TEST_CASE("the example's plugins keep the plugin contract", "[cli][custom-plugin]") {
  for (const char* file : {"adabelief.so", "sign_sgd.so"}) {
    TempDir dir;
    const auto checked =
        run_nnplug({"test-plugin", std::string(NNPLUG_EXAMPLE_PLUGIN_DIR) + "/" + file}, dir.path());
    INFO(file << "\n" << checked.out << checked.err);
    CHECK(checked.exit_code == 0);
    CHECK(checked.out.find("every rule holds") != std::string::npos);
  }
}

TEST_CASE("test-plugin exits 2 and names the rule a broken plugin breaks", "[cli][custom-plugin]") {
  TempDir dir;
  const auto broken =
      run_nnplug({"test-plugin", std::string(NNPLUG_TEST_FIXTURE_DIR) + "/broken/broken_elementwise.so"}, dir.path());
  INFO(broken.out << broken.err);
  CHECK(broken.exit_code == 2);
  CHECK(broken.out.find("breaks 1 rule of the plugin contract") != std::string::npos);
  CHECK(broken.out.find("elementwise-pieces: element") != std::string::npos);
  CHECK(broken.out.find(std::string(rule_text("elementwise-pieces"))) != std::string::npos);

  const auto not_plugin = run_nnplug({"test-plugin", std::string(NNPLUG_TEST_FIXTURE_DIR) + "/not_a_plugin.so"}, dir.path());
  INFO(not_plugin.out << not_plugin.err);
  CHECK(not_plugin.exit_code == 2);
  CHECK(not_plugin.out.find("loads: ") != std::string::npos);

  const auto missing = run_nnplug({"test-plugin", "no_such.so"}, dir.path());
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("no_such.so: no such file") != std::string::npos);
}

TEST_CASE("nnplug new writes a project for each kind that uses the plugin in its training test",
          "[cli][custom-plugin]") {
  TempDir dir;
  for (const std::string kind : {"optimizer", "regularizer", "initializer", "schedule", "callback"}) {
    INFO(kind);
    const std::string name = "my_" + kind;
    const auto made = run_nnplug({"new", kind, name, "projects/" + kind}, dir.path());
    INFO(made.out << made.err);
    REQUIRE(made.exit_code == 0);
    const auto project = dir / "projects" / kind;
    for (const char* file : {"CMakeLists.txt", "README.md", "test/train.json", "test/train.csv"})
      CHECK(std::filesystem::is_regular_file(project / file));
    const std::string source = read_file(project / (name + ".cpp"));
    CHECK(source.find("\"" + name + "\"") != std::string::npos);
    CHECK(source.find("nnplug::Kind::" + kind) != std::string::npos);
    CHECK(source.find('@') == std::string::npos);  // every placeholder filled
    CHECK(read_file(project / "CMakeLists.txt").find("nnplug_add_plugin(" + name + " SOURCES " + name + ".cpp)") !=
          std::string::npos);
    // The training test names the plugin where its kind is used.
    CHECK(read_file(project / "test/train.json").find("\"" + name + "\"") != std::string::npos);
  }
  const auto again = run_nnplug({"new", "optimizer", "my_optimizer", "projects/optimizer"}, dir.path());
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("already exists and is not empty") != std::string::npos);
  const auto bad_kind = run_nnplug({"new", "optimiser", "x"}, dir.path());
  CHECK(bad_kind.exit_code == 2);
  CHECK(bad_kind.err.find("unknown kind 'optimiser'") != std::string::npos);
  const auto bad_name = run_nnplug({"new", "optimizer", "MyOpt"}, dir.path());
  CHECK(bad_name.exit_code == 2);
  CHECK(bad_name.err.find("snake_case") != std::string::npos);
}
