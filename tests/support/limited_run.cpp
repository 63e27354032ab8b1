#include "support/cli.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace nnplug::test {

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool under_address_sanitizer = true;
#else
constexpr bool under_address_sanitizer = false;
#endif

// AddressSanitizer reserves terabytes of address space for its shadow memory, so a child
// built with it cannot start under RLIMIT_AS; there the same ceiling is ASan's own
// resident-memory limit, which ends the child with a report instead.
void move_address_limit_to_sanitizer(std::vector<std::string>& environment, ChildLimits& limits) {
  if (!under_address_sanitizer || limits.address_space == 0) return;
  const char* options = std::getenv("ASAN_OPTIONS");
  environment.push_back("ASAN_OPTIONS=" + std::string(options ? options : "") + (options ? ":" : "") +
                        "hard_rss_limit_mb=" + std::to_string(limits.address_space >> 20));
  limits.address_space = 0;
}

void set_limit(int resource, std::uint64_t bytes) {
  if (bytes == 0) return;
  const rlimit limit{rlim_t(bytes), rlim_t(bytes)};
  setrlimit(resource, &limit);
}

// In the forked child: only async-signal-safe calls until exec.
[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                             const std::vector<std::string>& environment, const ChildLimits& limits,
                             const std::string& out, const std::string& err) {
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  if (chdir(cwd.c_str()) != 0) _exit(127);
  const int in_fd = open("/dev/null", O_RDONLY), out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644),
            err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) _exit(127);
  dup2(in_fd, 0), dup2(out_fd, 1), dup2(err_fd, 2);
  for (const auto& variable : environment) putenv(const_cast<char*>(variable.c_str()));
  set_limit(RLIMIT_AS, limits.address_space);
  set_limit(RLIMIT_FSIZE, limits.file_size);
  // The test runner may ignore or block signals; the child starts with the defaults.
  signal(SIGINT, SIG_DFL), signal(SIGTERM, SIG_DFL), signal(SIGXFSZ, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execv(args[0], args.data());
  _exit(127);
}

}  // namespace

LimitedResult run_limited(const std::filesystem::path& program, const std::vector<std::string>& arguments,
                          const std::filesystem::path& cwd, std::vector<std::string> environment, ChildLimits limits) {
  move_address_limit_to_sanitizer(environment, limits);
  TempDir capture;
  std::vector<std::string> argv{program.string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  const std::string out = (capture / "out").string(), err = (capture / "err").string();
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) exec_child(argv, cwd, environment, limits, out, err);

  LimitedResult result;
  bool signalled = false;
  int status = 0;
  rusage usage{};
  for (;;) {
    const pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed > limits.timeout_seconds) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      result.timed_out = true;
      break;
    }
    if (limits.signal && !signalled && std::filesystem::exists(cwd / limits.signal_when)) {
      kill(pid, limits.signal);
      signalled = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.max_rss_bytes = std::uint64_t(usage.ru_maxrss) * 1024;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

}  // namespace nnplug::test
