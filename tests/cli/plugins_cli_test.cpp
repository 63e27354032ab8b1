// `nnplug plugins` and `nnplug describe` read the real .so files.
#include "support/cli.hpp"

#include <nnplug/sdk/plugin.hpp>

#include <catch2/catch.hpp>

using namespace nnplug;
using namespace nnplug::test;

namespace {
const std::vector<std::string> first_plugins = {"sgd", "adam", "glorot_uniform", "zeros",
                                                "l1",  "l2",   "l1_l2",          "exponential_decay"};

}  // namespace

TEST_CASE("nnplug plugins lists every plugin from its .so", "[cli][plugins-cli]") {
  TempDir dir;
  const auto result = run_nnplug({"plugins"}, dir.path());
  REQUIRE(result.exit_code == 0);
  for (const auto& name : first_plugins) {
    INFO(name << " in\n" << result.out);
    const bool listed = result.out.find("\n" + name + " ") != std::string::npos || result.out.rfind(name + " ", 0) == 0;
    CHECK(listed);
  }
  CHECK(result.out.find(".so]") != std::string::npos);
  // Each plugin's own version stands beside its name.
  CHECK(result.out.find("\nadam  ") != std::string::npos);
  CHECK(result.out.find(" 1.0.0 ") != std::string::npos);

  const auto optimizers = run_nnplug({"plugins", "--kind", "optimizer"}, dir.path());
  REQUIRE(optimizers.exit_code == 0);
  CHECK(optimizers.out.find("adam") != std::string::npos);
  CHECK(optimizers.out.find("glorot_uniform") == std::string::npos);
}

TEST_CASE("nnplug describe shows parameters with type, default and meaning", "[cli][plugins-cli]") {
  TempDir dir;
  const auto result = run_nnplug({"describe", "Adam"}, dir.path());
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("adam 1.0.0 (optimizer)") != std::string::npos);
  CHECK(result.out.find("beta_1 (number") != std::string::npos);
  CHECK(result.out.find("default 0.9") != std::string::npos);
  CHECK(result.out.find("amsgrad (boolean), default false") != std::string::npos);

  // The core's base-optimizer options are listed for every optimizer.
  CHECK(result.out.find("decay (number|null >= 0), default null") != std::string::npos);
  CHECK(result.out.find("clipnorm") != std::string::npos);
  const auto regularizer = run_nnplug({"describe", "l1l2"}, dir.path());
  REQUIRE(regularizer.exit_code == 0);
  CHECK(regularizer.out.find("l1 (number >= 0), default 0.01") != std::string::npos);
  CHECK(regularizer.out.find("clipnorm") == std::string::npos);

  const auto unknown = run_nnplug({"describe", "adamm"}, dir.path());
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("adam") != std::string::npos);
}

TEST_CASE("deleting one .so makes exactly that plugin unavailable", "[cli][plugins-cli]") {
  TempDir dir;
  copy_install(dir.path());
  std::filesystem::path removed;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "lib" / "nnplug" / "plugins"))
    if (entry.path().filename() == "optimizers_adam.so") removed = entry.path();
  REQUIRE(!removed.empty());
  std::filesystem::remove(removed);

  const auto listing = run(dir / "bin" / "nnplug", {"plugins"}, dir.path());
  REQUIRE(listing.exit_code == 0);
  CHECK(listing.out.find("\nadam ") == std::string::npos);
  for (const auto& name : first_plugins)
    if (name != "adam") CHECK(listing.out.find(name + " ") != std::string::npos);
  CHECK(listing.out.find("adamw ") != std::string::npos);  // its neighbours stay

  write_blobs_csv(dir / "blobs.csv", 60, 4, 3, 1);
  Json config = blobs_config("blobs.csv", 4, 3);
  config["fit"]["epochs"] = 1;
  const auto training = train_installed(dir.path(), config);
  CHECK(training.exit_code == 2);
  CHECK(training.err.find("no optimizer plugin named 'adam'") != std::string::npos);
  CHECK(training.err.find("Did you mean 'adam") != std::string::npos);  // adamw, adamax

  config["compile"]["optimizer"] = "sgd";
  CHECK(train_installed(dir.path(), config).exit_code == 0);
}

TEST_CASE("nnplug --version prints the build's version, SDK ABI and fingerprint", "[cli][plugins-cli]") {
  TempDir dir;
  const auto result = run_nnplug({"--version"}, dir.path());
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.rfind("nnplug " + std::string(NNPLUG_VERSION) + " (SDK ABI " + std::to_string(sdk_abi_version) + "; ", 0) ==
        0);
  CHECK(result.out.find(build_fingerprint) != std::string::npos);
}
