#include <nnplug/base/error.hpp>
#include <nnplug/base/files.hpp>
#include <nnplug/sdk/params.hpp>
#include <nnplug/train/run_directory.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <optional>
#include <system_error>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace nnplug {
namespace fs = std::filesystem;

namespace {

std::string os_reason(int error) { return std::system_category().message(error); }

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

// The nearest part of `dir` that exists: where a missing output.dir would be created.
fs::path existing_ancestor(const fs::path& dir) {
  fs::path probe = dir.empty() ? fs::path(".") : dir;
  std::error_code error;
  while (!fs::exists(probe, error) && probe.has_parent_path() && probe.parent_path() != probe) probe = probe.parent_path();
  return fs::exists(probe, error) ? probe : fs::path(".");
}

// "<name>.tmp-<pid>", as write_atomically names its temporary files; the pid when so.
std::optional<long> temporary_owner(const std::string& name) {
  const auto mark = name.rfind(".tmp-");
  if (mark == std::string::npos || mark == 0) return std::nullopt;
  const std::string digits = name.substr(mark + 5);
  if (digits.empty() || digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return std::nullopt;
  return std::stol(digits);
}

bool process_alive(long pid) { return pid == ::getpid() || ::kill(pid_t(pid), 0) == 0 || errno != ESRCH; }

}  // namespace

const std::vector<std::string>& RunDirectory::file_names() {
  static const std::vector<std::string> names{"weights.npz", "history.csv", "metrics.json", "weight_stats.csv",
                                              manifest_name};
  return names;
}

void RunDirectory::check_usable() const {
  std::error_code error;
  if (fs::exists(dir_, error) && !fs::is_directory(dir_, error))
    throw Error("/output/dir " + quoted(dir_) + ": is a file, not a directory; name a directory (it is created when "
                "missing) or move the file away");
  for (const auto& name : file_names())
    if (fs::is_directory(dir_ / name, error))
      throw Error("/output/dir " + quoted(dir_) + ": " + quoted(dir_ / name) +
                  " is a directory where the run writes its " + name + "; remove it or choose another output.dir");
  const fs::path ancestor = existing_ancestor(dir_);
  if (!fs::is_directory(ancestor, error))
    throw Error("/output/dir " + quoted(dir_) + ": cannot be created, " + quoted(ancestor) +
                " is a file; choose another output.dir");
  // A real write, not access(): root passes access() on a read-only file system.
  const fs::path probe = ancestor / (".nnplug-write-test-" + std::to_string(::getpid()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    throw Error("/output/dir " + quoted(dir_) + ": cannot write in " + quoted(ancestor) + ": " + os_reason(errno) +
                "; choose a writable output.dir");
  ::close(fd);
  ::unlink(probe.c_str());
}

void RunDirectory::check_not_inputs(const std::vector<fs::path>& inputs) const {
  std::error_code error;
  for (const auto& name : file_names()) {
    const fs::path output = dir_ / name;
    if (!fs::exists(output, error)) continue;
    for (const auto& input : inputs)
      if (fs::exists(input, error) && fs::equivalent(output, input, error))
        throw Error("/output/dir " + quoted(dir_) + ": the run would overwrite its input " + quoted(input) +
                    " (as " + name + "); choose another output.dir or move the input");
  }
}

std::vector<std::string> RunDirectory::previous_run_files() const {
  std::vector<std::string> found;
  std::error_code error;
  for (const auto& name : file_names())
    if (fs::exists(dir_ / name, error)) found.push_back(name);
  return found;
}

void RunDirectory::check_no_previous_run(bool overwrite) const {
  const auto found = previous_run_files();
  if (found.empty() || overwrite) return;
  std::string names;
  for (const auto& name : found) names += (names.empty() ? "" : ", ") + name;
  throw Error("/output/dir " + quoted(dir_) + ": holds a previous run (" + names +
              "); pass --overwrite to replace it, or choose another output.dir");
}

void RunDirectory::check_space(std::uintmax_t bytes_needed) const {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < bytes_needed)
    throw Error("/output/dir " + quoted(dir_) + ": the file-size limit (ulimit -f) is " +
                std::to_string(limit.rlim_cur) + " bytes, but the run writes files of about " +
                std::to_string(bytes_needed) + "; raise the limit ('ulimit -f unlimited')");
  struct statvfs space {};
  if (::statvfs(existing_ancestor(dir_).c_str(), &space) != 0) return;
  const auto available = std::uintmax_t(space.f_bavail) * space.f_frsize;
  if (available < bytes_needed)
    throw Error("/output/dir " + quoted(dir_) + ": its file system has " + std::to_string(available) +
                " bytes free, but the run writes about " + std::to_string(bytes_needed) +
                "; free some space or choose another output.dir");
}

void RunDirectory::prepare(bool overwrite) const {
  std::error_code error;
  fs::create_directories(dir_, error);
  if (error) throw Error("/output/dir " + quoted(dir_) + ": cannot be created: " + error.message());
  for (const auto& entry : fs::directory_iterator(dir_, error)) {
    const auto owner = temporary_owner(entry.path().filename().string());
    if (owner && !process_alive(*owner) && entry.is_regular_file(error)) fs::remove(entry.path(), error);
  }
  if (!overwrite) return;
  const auto remove_previous = [&](const std::string& name) {
    if (fs::remove(dir_ / name, error); error)
      throw Error("/output/dir " + quoted(dir_) + ": cannot remove the previous " + name + ": " + error.message());
  };
  // The manifest goes first: without it, what is left claims to be no run at all.
  remove_previous(manifest_name);
  for (const auto& name : file_names()) remove_previous(name);
}

void RunDirectory::write_manifest(const std::string& status, int epochs, const std::vector<std::string>& files,
                                  const std::vector<std::string>& class_names) const {
  Json manifest{{"format", "nnplug run"}, {"version", 1}, {"status", status}, {"epochs", epochs}, {"files", files}};
  if (!class_names.empty()) manifest["class_names"] = class_names;
  write_text_atomically(dir_ / manifest_name, manifest.dump(2) + "\n");
}

}  // namespace nnplug
