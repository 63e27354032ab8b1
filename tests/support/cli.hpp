#pragma once
// Running the real `nnplug` executable from tests, in a scratch directory.
#include <nnplug/sdk/params.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace nnplug::test {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `program arguments...` with the working directory `cwd`; `environment` entries
// are "NAME=value" prefixes.
CliResult run(const std::filesystem::path& program, const std::vector<std::string>& arguments,
              const std::filesystem::path& cwd, const std::vector<std::string>& environment = {});
// Bounds for a child process: what a run may use before the test calls it broken.
struct ChildLimits {
  std::uint64_t address_space = 0;  // RLIMIT_AS in bytes; 0 for none
  std::uint64_t file_size = 0;      // RLIMIT_FSIZE in bytes; 0 for none
  double timeout_seconds = 20;      // then SIGKILL, and LimitedResult::timed_out
  int signal = 0;                   // sent once, as soon as cwd / signal_when exists
  std::filesystem::path signal_when;
};

struct LimitedResult : CliResult {
  bool timed_out = false;
  double seconds = 0;
  std::uint64_t max_rss_bytes = 0;
};

// As run(), by fork and exec, under `limits`; `environment` entries are "NAME=value".
LimitedResult run_limited(const std::filesystem::path& program, const std::vector<std::string>& arguments,
                          const std::filesystem::path& cwd, std::vector<std::string> environment,
                          ChildLimits limits);

// Runs the built nnplug CLI.
CliResult run_nnplug(const std::vector<std::string>& arguments, const std::filesystem::path& cwd,
                     const std::vector<std::string>& environment = {});

// A copy of the installed layout (bin/nnplug + lib/nnplug/plugins) in `dir`, so tests can
// remove plugins without touching the build tree.
void copy_install(const std::filesystem::path& dir);
// Writes `config` to dir/config.json and runs that copy's `nnplug train config.json` in dir.
CliResult train_installed(const std::filesystem::path& dir, const Json& config);

void write_file(const std::filesystem::path& path, const std::string& text);
std::string read_file(const std::filesystem::path& path);

// A classification CSV ("x0,...,x{features-1},label"): `classes` Gaussian blobs,
// separable enough that a small MLP reaches > 95% accuracy.
void write_blobs_csv(const std::filesystem::path& path, std::size_t samples, std::size_t features,
                     std::size_t classes, std::uint64_t seed);

// A complete training config for the blobs CSV, to be tweaked by tests.
Json blobs_config(const std::string& csv_name, std::size_t features, std::size_t classes);

}  // namespace nnplug::test
