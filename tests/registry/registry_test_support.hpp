#pragma once
// Helpers for tests that build plugin directories on the fly.
#include <nnplug/registry/registry.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <unistd.h>

namespace nnplug::registry_testing {

namespace fs = std::filesystem;

inline fs::path fixture(const std::string& name) { return fs::path(NNPLUG_TEST_FIXTURE_DIR) / (name + ".so"); }
inline fs::path plugin_dir() { return fs::path(NNPLUG_TEST_PLUGIN_DIR); }

// A fresh directory under the system temp dir, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "nnplug-registry-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const fs::path& path() const { return path_; }
  fs::path add(const fs::path& file) const {
    fs::copy_file(file, path_ / file.filename());
    return path_ / file.filename();
  }
  fs::path write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path_ / name, std::ios::binary) << bytes;
    return path_ / name;
  }

 private:
  fs::path path_;
};

// Sets an environment variable for one scope, restoring what was there.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// Whether a file is mapped into this process: proof that a library is (still) loaded.
inline bool is_mapped(const fs::path& file) {
  std::ifstream maps("/proc/self/maps");
  const std::string wanted = fs::weakly_canonical(file).string();
  for (std::string line; std::getline(maps, line);)
    if (line.size() >= wanted.size() && line.compare(line.size() - wanted.size(), wanted.size(), wanted) == 0) return true;
  return false;
}

inline bool has_problem_containing(const Registry& registry, const std::string& a, const std::string& b) {
  for (const auto& problem : registry.problems())
    if (problem.find(a) != std::string::npos && problem.find(b) != std::string::npos) return true;
  return false;
}

}  // namespace nnplug::registry_testing
