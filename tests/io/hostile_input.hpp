#pragma once
// Helpers for the hostile-input tests: running a reader in a forked child to measure how
// much memory it really touched, and writing the tiny files that claim huge sizes.
#include <nnplug/base/error.hpp>

#include <catch2/catch.hpp>
#include <zlib.h>

#include <cstdint>
#include <functional>
#include <string>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace nnplug::test {

struct ChildOutcome {
  long rss_growth_mb = -1;  // peak resident memory the call added
  std::string error;        // the nnplug::Error it threw, "" if none
  bool crashed = true;      // died, or threw something other than nnplug::Error
};

// Runs `read` in a forked child, so a reader that did allocate gigabytes cannot take the
// test process down, and reports the child's peak RSS growth (getrusage's ru_maxrss,
// which counts pages really touched, as std::vector's zero-filling does).
inline ChildOutcome run_in_child(const std::function<void()>& read) {
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    rusage before{};
    ::getrusage(RUSAGE_SELF, &before);
    std::string message;
    int code = 0;
    try {
      read();
    } catch (const nnplug::Error& e) {
      message = e.what();
    } catch (...) {
      code = 3;
    }
    rusage after{};
    ::getrusage(RUSAGE_SELF, &after);
    const std::string report = std::to_string((after.ru_maxrss - before.ru_maxrss) / 1024) + "\n" + message;
    [[maybe_unused]] const auto written = ::write(pipe_fds[1], report.data(), report.size());
    ::_exit(code);
  }
  ::close(pipe_fds[1]);
  std::string report;
  char buffer[4096];
  for (ssize_t got; (got = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) report.append(buffer, std::size_t(got));
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ChildOutcome outcome;
  outcome.crashed = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
  if (const auto newline = report.find('\n'); newline != std::string::npos) {
    outcome.rss_growth_mb = std::stol(report.substr(0, newline));
    outcome.error = report.substr(newline + 1);
  }
  return outcome;
}

// `bytes` as one gzip member (zlib's deflate, best compression), then its trailer's
// size field overwritten with `claimed_size` (mod 2^32, as gzip stores it).
inline std::string gzip(const std::string& bytes, std::uint32_t claimed_size) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, bytes.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  for (int i = 0; i < 4; ++i) out[out.size() - 4 + i] = static_cast<char>((claimed_size >> (8 * i)) & 0xFF);
  return out;
}

// The big-endian IDX header: 0 0 type rank, then each dimension.
inline std::string idx_header(unsigned char type, std::initializer_list<std::uint32_t> dims) {
  std::string bytes{'\0', '\0', static_cast<char>(type), static_cast<char>(dims.size())};
  for (const auto dim : dims)
    for (int i = 3; i >= 0; --i) bytes += static_cast<char>((dim >> (8 * i)) & 0xFF);
  return bytes;
}

}  // namespace nnplug::test
