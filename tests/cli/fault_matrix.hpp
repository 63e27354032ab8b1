#pragma once
// The fault matrix: table-driven runs of the real CLI, each with a bad config, data file,
// weights file, plugin directory, signal or file system. Every case runs under a memory
// ceiling (RLIMIT_AS) and a time ceiling, into an output.dir that holds a previous run, and
// asserts the exit code, the number of stderr lines (one clear line for a problem), what
// that line names, and that no file of the previous run changed unless the case replaces it.
#include "support/cli.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

namespace nnplug::test::matrix {

namespace fs = std::filesystem;

// Enough for the host's normal run (it peaks well under 300 MiB resident; the address
// space is larger from thread stacks and malloc arenas), far below what an unbounded read
// of a forged header asks for.
inline constexpr std::uint64_t memory_ceiling = 3ull << 30;
inline constexpr double time_ceiling_seconds = 20;

// One case's world: a directory with blobs.csv (4 features, 3 classes), test.csv,
// config.json (1 epoch, output.dir "out") and out/ holding a previous run.
struct Scene {
  fs::path dir;
  Json config;
  std::string raw_config;  // written instead of `config` when not empty
  std::vector<std::string> args{"train", "config.json", "--overwrite", "--quiet"};
  std::vector<std::string> environment;
  ChildLimits limits;
  fs::path operator/(const std::string& name) const { return dir / name; }
};

struct Case {
  const char* kind;  // the class of fault
  const char* name;
  std::function<void(Scene&)> arrange;
  int exit_code = 2;
  std::vector<std::string> fragments = {};  // each must appear in stderr
  int stderr_lines = 1;                     // -1: not counted
  bool keeps_previous_run = true;           // false: the case replaces it on purpose
  std::function<void(const Scene&, const LimitedResult&)> verify = {};
};

inline std::string digest(const fs::path& file) { return std::to_string(std::hash<std::string>{}(read_file(file))); }

inline std::map<std::string, std::string> digests(const fs::path& dir) {
  std::map<std::string, std::string> out;
  std::error_code error;
  if (!fs::is_directory(dir, error)) return out;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file()) out[entry.path().filename().string()] = digest(entry.path());
  return out;
}

// The previous run every case starts from, trained once per test process.
inline const fs::path& previous_run() {
  static TempDir dir;
  static const bool trained = [] {
    write_blobs_csv(dir / "blobs.csv", 60, 4, 3, 1);
    Json config = blobs_config("blobs.csv", 4, 3);
    config["fit"]["epochs"] = 2;
    write_file(dir / "config.json", config.dump());
    const auto result = run_nnplug({"train", "config.json", "--quiet"}, dir.path());
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return true;
  }();
  (void)trained;
  static const fs::path out = dir / "out";
  return out;
}

inline void make_scene(Scene& scene) {
  write_blobs_csv(scene / "blobs.csv", 60, 4, 3, 1);
  write_blobs_csv(scene / "test.csv", 30, 4, 3, 1);
  scene.config = blobs_config("blobs.csv", 4, 3);
  scene.config["fit"]["epochs"] = 1;
  scene.config["data"]["test"] = {{"format", "csv"}, {"path", "test.csv"}, {"label", "label"}};
  fs::copy(previous_run(), scene / "out", fs::copy_options::recursive);
  scene.limits.address_space = memory_ceiling;
  scene.limits.timeout_seconds = time_ceiling_seconds;
}

inline void run_case(const Case& c) {
  TempDir dir;
  Scene scene;
  scene.dir = dir.path();
  make_scene(scene);
  if (c.arrange) c.arrange(scene);
  write_file(scene / "config.json", scene.raw_config.empty() ? scene.config.dump() : scene.raw_config);
  const auto before = digests(scene / "out");
  const auto result = run_limited(NNPLUG_CLI, scene.args, scene.dir, scene.environment, scene.limits);

  INFO("case [" << c.kind << "] " << c.name << "\nexit " << result.exit_code << " in " << result.seconds
                << " s\nstderr:\n" << result.err << "stdout:\n" << result.out.substr(0, 2000));
  CHECK_FALSE(result.timed_out);
  CHECK(result.exit_code == c.exit_code);
  if (c.stderr_lines >= 0) CHECK(std::count(result.err.begin(), result.err.end(), '\n') == c.stderr_lines);
  if (c.exit_code == 2) CHECK(result.err.find("nnplug: error: ") != std::string::npos);
  for (const auto& fragment : c.fragments) CHECK(result.err.find(fragment) != std::string::npos);
  if (c.keeps_previous_run) {
    const auto after = digests(scene / "out");
    for (const auto& [name, sum] : before) {
      INFO("previous run's " << name);
      CHECK(after.count(name) == 1);
      CHECK((after.count(name) && after.at(name) == sum));
    }
  }
  if (c.verify) c.verify(scene, result);
  // Leave the directory removable whatever a case did to its modes.
  std::error_code error;
  for (const auto& entry : fs::recursive_directory_iterator(scene.dir, error))
    fs::permissions(entry.path(), fs::perms::owner_all, fs::perm_options::add, error);
}

inline void run_all(const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.kind << ": " << c.name) { run_case(c); }
  }
}

// Helpers the tables share.
inline void set_train_path(Scene& scene, const std::string& path) { scene.config["data"]["train"]["path"] = path; }
inline void make_fifo(const fs::path& path) {
  fs::create_directories(path.parent_path());
  REQUIRE(mkfifo(path.c_str(), 0644) == 0);
}
inline std::string nested(const std::string& open, const std::string& close, int depth, const std::string& inner) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += open;
  text += inner;
  for (int i = 0; i < depth; ++i) text += close;
  return text;
}
inline std::string bytes_le(std::uint64_t value, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += char((value >> (8 * i)) & 0xff);
  return out;
}
inline std::string bytes_be(std::uint64_t value, int count) {
  std::string out;
  for (int i = count - 1; i >= 0; --i) out += char((value >> (8 * i)) & 0xff);
  return out;
}
// A directory of plugins for trust cases: the test fixture optimizer fixture_sgd.
inline fs::path fixture_plugin_dir(const Scene& scene) {
  const fs::path dir = scene / "myplugins";
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms(0755));
  fs::copy_file(fs::path(NNPLUG_TEST_FIXTURE_DIR) / "fixture_sgd.so", dir / "fixture_sgd.so");
  fs::permissions(dir / "fixture_sgd.so", fs::perms(0755));
  return dir;
}
inline void use_fixture_optimizer(Scene& scene, const fs::path& dir) {
  scene.config["compile"]["optimizer"] = {{"name", "fixture_sgd"}, {"learning_rate", 0.05}};
  scene.args.insert(scene.args.end(), {"--plugins", dir.string()});
}

}  // namespace nnplug::test::matrix
