// The fault matrix, part 2: what can lose trained work — problems found only after
// training, signals, a previous run's directory, stale temporary files, a full or
// read-only file system — and plugin directories that others could write.
#include "cli/fault_matrix.hpp"

#include <nnplug/io/numpy/npz.hpp>

#include <csignal>

#include <sys/mount.h>

using namespace nnplug;
using namespace nnplug::test;
using namespace nnplug::test::matrix;

namespace {

std::size_t csv_rows(const fs::path& file) {
  const std::string text = read_file(file);
  return std::size_t(std::count(text.begin(), text.end(), '\n')) - 1;
}

Json manifest(const Scene& scene, const std::string& dir = "out") {
  return Json::parse(read_file(scene / dir / "run.json"));
}

// A run long enough to be interrupted: many small epochs.
void long_run(Scene& s) {
  s.config["fit"]["epochs"] = 100000;
  s.config["fit"]["batch_size"] = 4;
  s.args = {"train", "config.json", "--overwrite", "--quiet"};
}

// Interrupted once the first epoch is written, into a fresh directory so that the
// trigger is this run's history.csv.
void interrupt_with(Scene& s, int signal) {
  long_run(s);
  s.config["output"]["dir"] = "fresh";
  s.limits.signal = signal;
  s.limits.signal_when = "fresh/history.csv";
}

void consistent_interrupted_run(const Scene& scene, const LimitedResult& result) {
  const Json run = manifest(scene, "fresh");
  CHECK(run["status"] == "interrupted");
  const int epochs = run["epochs"].get<int>();
  CHECK(epochs >= 1);
  CHECK(csv_rows(scene / "fresh" / "history.csv") == std::size_t(epochs));
  CHECK(result.err.find("after epoch " + std::to_string(epochs) + "; saved") != std::string::npos);
  CHECK(read_npz(scene / "fresh" / "weights.npz").size() == 4);
}

// A tmpfs of `bytes` at `dir`, unmounted when the process ends; false when mount is not
// allowed here (then the case uses RLIMIT_FSIZE instead).
bool mount_tmpfs(const fs::path& dir, std::size_t bytes, bool read_only = false) {
  fs::create_directories(dir);
  const std::string options = "size=" + std::to_string(bytes);
  if (::mount("tmpfs", dir.c_str(), "tmpfs", read_only ? MS_RDONLY : 0, options.c_str()) != 0) return false;
  static std::vector<fs::path> mounted;
  mounted.push_back(dir);
  static const int registered = std::atexit([] {
    for (const auto& path : mounted) ::umount2(path.c_str(), MNT_DETACH);
  });
  (void)registered;
  return true;
}

// A model whose weights.npz is about 1 MB, bigger than the small file systems below.
void big_model(Scene& s) {
  auto& layers = s.config["model"]["layers"];
  layers[0]["units"] = 2048;
  layers.insert(layers.begin() + 1, Json{{"type", "dense"}, {"units", 128}, {"activation", "relu"}});
}

void interrupt_with_sigint(Scene& s) { interrupt_with(s, SIGINT); }
void interrupt_with_sigterm(Scene& s) { interrupt_with(s, SIGTERM); }

std::vector<Case> work_lost() {
  return {
      {"work lost", "two layers with one name",
       [](Scene& s) {
         s.config["model"]["layers"][0]["name"] = "same";
         s.config["model"]["layers"][1]["name"] = "same";
       },
       2, {"same", "unique"}},
      {"work lost", "weights.npz taken by a directory",
       [](Scene& s) {
         fs::remove(s / "out" / "weights.npz");
         fs::create_directories(s / "out" / "weights.npz");
       },
       2, {"weights.npz", "directory"}},
      {"work lost", "metrics.json taken by a directory",
       [](Scene& s) {
         fs::remove(s / "out" / "metrics.json");
         fs::create_directories(s / "out" / "metrics.json");
       },
       2, {"metrics.json"}},
      {"work lost", "output.dir is a file",
       [](Scene& s) {
         write_file(s / "afile", "x");
         s.config["output"]["dir"] = "afile";
       },
       2, {"afile", "not a directory"}},
      {"work lost", "output.dir below a file",
       [](Scene& s) {
         write_file(s / "afile", "x");
         s.config["output"]["dir"] = "afile/run";
       },
       2, {"afile"}},
      {"work lost", "data.test of the wrong width", [](Scene& s) { write_blobs_csv(s / "test.csv", 30, 5, 3, 2); }, 2,
       {"test", "5 features"}},
      {"work lost", "data.test with more classes than the model outputs",
       [](Scene& s) { write_blobs_csv(s / "test.csv", 30, 4, 5, 2); }, 2, {"test"}},
      {"work lost", "data.validation of the wrong width",
       [](Scene& s) {
         write_blobs_csv(s / "val.csv", 30, 6, 3, 2);
         s.config["data"].erase("validation_split");
         s.config["data"]["validation"] = {{"format", "csv"}, {"path", "val.csv"}, {"label", "label"}};
       },
       2, {"validation", "6 features"}},
      {"work lost", "validation_split leaving no training samples",
       [](Scene& s) {
         write_blobs_csv(s / "blobs.csv", 2, 4, 3, 1);
         s.config["data"]["validation_split"] = 0.6;
       },
       2, {"validation_split"}},
      {"work lost", "output.dir holding the training data as history.csv",
       [](Scene& s) {
         fs::copy_file(s / "blobs.csv", s / "out" / "history.csv", fs::copy_options::overwrite_existing);
         set_train_path(s, "out/history.csv");
       },
       2, {"history.csv", "input"}},
      {"work lost", "initial_weights read from the weights.npz the run would write",
       [](Scene& s) { s.config["model"]["initial_weights"] = "out/weights.npz"; }, 2, {"weights.npz", "input"}},
      {"work lost", "a previous run without --overwrite",
       [](Scene& s) { s.args = {"train", "config.json", "--quiet"}; }, 2, {"out", "--overwrite"}},
      {"work lost", "--overwrite replaces the previous run whole", {}, 0, {}, 0, false,
       [](const Scene& scene, const LimitedResult&) {
         const Json run = manifest(scene);
         CHECK(run["status"] == "complete");
         CHECK(run["epochs"] == 1);
         CHECK(csv_rows(scene / "out" / "history.csv") == 1);
         CHECK(fs::exists(scene / "out" / "metrics.json"));
       }},
      {"work lost", "a killed run's temporary files are removed by the next run",
       [](Scene& s) {
         write_file(s / "out" / "weights.npz.tmp-999999", "half");
         write_file(s / "out" / "history.csv.tmp-999998", "half");
       },
       0, {}, 0, false,
       [](const Scene& scene, const LimitedResult&) {
         CHECK_FALSE(fs::exists(scene / "out" / "weights.npz.tmp-999999"));
         CHECK_FALSE(fs::exists(scene / "out" / "history.csv.tmp-999998"));
       }},
      {"work lost", "a live process's temporary file is left alone",
       [](Scene& s) { write_file(s / "out" / ("weights.npz.tmp-" + std::to_string(::getpid())), "mine"); }, 0, {}, 0,
       false,
       [](const Scene& scene, const LimitedResult&) {
         CHECK(fs::exists(scene / "out" / ("weights.npz.tmp-" + std::to_string(::getpid()))));
       }},
      {"work lost", "numeric test labels out of the model's range",
       [](Scene& s) { write_file(s / "test.csv", "x0,x1,x2,x3,label\n1,2,3,4,7\n"); }, 2, {"test"}},
      {"work lost", "SIGINT mid-training saves the finished epochs", interrupt_with_sigint, 130,
       {"interrupted by SIGINT"}, 1, false, consistent_interrupted_run},
      {"work lost", "SIGTERM mid-training saves the finished epochs", interrupt_with_sigterm, 143,
       {"interrupted by SIGTERM"}, 1, false, consistent_interrupted_run},
      {"work lost", "SIGINT with a weight_stats.csv keeps it to the finished epochs",
       [](Scene& s) {
         interrupt_with(s, SIGINT);
         s.config["output"]["weight_stats"] = true;
       },
       130, {"interrupted by SIGINT"}, 1, false,
       [](const Scene& scene, const LimitedResult& result) {
         consistent_interrupted_run(scene, result);
         const std::string stats = read_file(scene / "fresh" / "weight_stats.csv");
         const int epochs = manifest(scene, "fresh")["epochs"].get<int>();
         // Two kernels per epoch; the last row is of the last finished epoch (0-based).
         CHECK(csv_rows(scene / "fresh" / "weight_stats.csv") == std::size_t(2 * epochs));
         const std::string last_epoch_row = std::string(1, '\n').append(std::to_string(epochs - 1)).append(",");
         CHECK(stats.find(last_epoch_row) != std::string::npos);
       }},
      {"file system", "a full file system (tmpfs of 256 KiB, or RLIMIT_FSIZE where mount is refused)",
       [](Scene& s) {
         big_model(s);
         if (mount_tmpfs(s / "small", 256 << 10)) {
           s.config["output"]["dir"] = (s / "small" / "out").string();
         } else {
           s.limits.file_size = 256 << 10;
         }
       },
       2, {"out"}},
      {"file system", "a file-size limit (RLIMIT_FSIZE) below weights.npz",
       [](Scene& s) {
         big_model(s);
         s.limits.file_size = 128 << 10;
       },
       2, {"file-size limit"}},
      {"file system", "a read-only output directory",
       [](Scene& s) {
         REQUIRE(mount_tmpfs(s / "ro", 1 << 20, true));
         s.config["output"]["dir"] = (s / "ro" / "out").string();
       },
       2, {"Read-only"}},
      {"check", "nnplug check lists every problem of three",
       [](Scene& s) {
         s.config["fit"]["epochs"] = 0;
         s.config["compile"]["loss"] = "no_such_loss";
         write_blobs_csv(s / "test.csv", 30, 5, 3, 2);
         s.args = {"check", "config.json", "--overwrite"};
       },
       2, {"epochs", "no_such_loss", "5 features"}, 3},
      {"check", "nnplug check of a good config says ok and writes nothing",
       [](Scene& s) { s.args = {"check", "config.json", "--overwrite"}; }, 0, {}, 0, true,
       [](const Scene&, const LimitedResult& result) { CHECK(result.out == "ok\n"); }},
      {"check", "nnplug check finds the previous run", [](Scene& s) { s.args = {"check", "config.json"}; }, 2,
       {"--overwrite"}},
  };
}

void chmod_path(const fs::path& path, unsigned mode) { fs::permissions(path, fs::perms(mode)); }
void chown_path(const fs::path& path, uid_t uid) { REQUIRE(::chown(path.c_str(), uid, uid) == 0); }

std::vector<Case> plugin_trust() {
  const auto insecure = [](std::function<void(const fs::path&)> spoil) {
    return [spoil](Scene& s) {
      const fs::path dir = fixture_plugin_dir(s);
      use_fixture_optimizer(s, dir);
      spoil(dir);
    };
  };
  return {
      {"plugin trust", "a world-writable plugin directory",
       insecure([](const fs::path& dir) { chmod_path(dir, 0777); }), 2,
       {"writable by everyone", "--allow-insecure-plugins", "fixture_sgd"}, 2},
      {"plugin trust", "a world-writable sticky plugin directory (like /tmp)",
       insecure([](const fs::path& dir) { chmod_path(dir, 01777); }), 2, {"writable by everyone"}, 2},
      {"plugin trust", "a group-writable plugin directory",
       insecure([](const fs::path& dir) { chmod_path(dir, 0775); }), 2, {"writable by its group"}, 2},
      {"plugin trust", "a group-writable plugin file",
       insecure([](const fs::path& dir) { chmod_path(dir / "fixture_sgd.so", 0775); }), 2,
       {"fixture_sgd.so", "writable by its group"}, 2},
      {"plugin trust", "a plugin directory owned by another user",
       insecure([](const fs::path& dir) { chown_path(dir, 12345); }), 2, {"uid 12345"}, 2},
      {"plugin trust", "a plugin file owned by another user",
       insecure([](const fs::path& dir) { chown_path(dir / "fixture_sgd.so", 12345); }), 2,
       {"fixture_sgd.so", "uid 12345"}, 2},
      {"plugin trust", "--allow-insecure-plugins loads them anyway",
       [](Scene& s) {
         const fs::path dir = fixture_plugin_dir(s);
         use_fixture_optimizer(s, dir);
         chmod_path(dir, 0777);
         s.args.push_back("--allow-insecure-plugins");
       },
       0, {}, 0, false},
      {"plugin trust", "an insecure directory from NNPLUG_PLUGIN_PATH",
       [](Scene& s) {
         const fs::path dir = fixture_plugin_dir(s);
         chmod_path(dir, 0777);
         s.config["compile"]["optimizer"] = {{"name", "fixture_sgd"}};
         s.environment.push_back("NNPLUG_PLUGIN_PATH=" + dir.string());
       },
       2, {"myplugins", "writable by everyone"}, 2},
      {"plugin trust", "a plugin that shadows a built-in name is reported",
       [](Scene& s) {
         fs::create_directories(s / "shadow");
         chmod_path(s / "shadow", 0755);
         fs::copy_file(fs::path(NNPLUG_TEST_PLUGIN_DIR) / "optimizers_adam.so", s / "shadow" / "my_adam.so");
         s.args.insert(s.args.end(), {"--plugins", (s / "shadow").string()});
       },
       0, {"shadows the built-in optimizer plugin 'adam'"}, -1, false},
      {"plugin trust", "nnplug plugins --verbose says what was skipped and why",
       [](Scene& s) {
         const fs::path dir = fixture_plugin_dir(s);
         chmod_path(dir, 0777);
         s.args = {"plugins", "--verbose", "--plugins", dir.string()};
       },
       0, {}, 0, true,
       [](const Scene&, const LimitedResult& result) {
         CHECK(result.out.find("search path") != std::string::npos);
         CHECK(result.out.find("writable by everyone") != std::string::npos);
         CHECK(result.out.find("(built-in)") != std::string::npos);
       }},
  };
}

}  // namespace

TEST_CASE("fault matrix: trained work lost", "[cli][fault_matrix]") { run_all(work_lost()); }
TEST_CASE("fault matrix: plugin directory trust", "[cli][fault_matrix]") { run_all(plugin_trust()); }
