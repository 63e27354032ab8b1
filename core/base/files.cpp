#include <nnplug/base/error.hpp>
#include <nnplug/base/files.hpp>
#include <nnplug/base/input_limit.hpp>

#include <cerrno>
#include <cstdint>
#include <string_view>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nnplug {
namespace fs = std::filesystem;

namespace {

// POSIX calls rather than iostreams because they report errno, which is the reason a
// user can act on ("Permission denied", "No space left on device").
std::string os_reason(int error) { return std::system_category().message(error); }

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Writers check close(): NFS and quotas report write errors only there.
  int close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

const char* file_type_name(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// O_NONBLOCK so that opening a FIFO does not wait for a writer; fstat before the first
// read so that a FIFO, /dev/zero or a terminal is refused instead of hanging or filling memory.
template <class Bytes>
Bytes read_whole_file(const fs::path& path, const std::string& what) {
  const auto failure = [&](int error) {
    return Error("cannot read " + what + " '" + path.string() + "': " + os_reason(error));
  };
  FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (file.get() < 0) throw failure(errno);
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) throw failure(errno);
  if (S_ISDIR(info.st_mode)) throw failure(EISDIR);
  if (!S_ISREG(info.st_mode))
    throw Error(path.string() + ": the " + what + " is " + file_type_name(info.st_mode) +
                ", not a regular file; give the path of a regular file");
  const auto size = static_cast<std::uint64_t>(info.st_size);
  check_input_limit(size, path.string(), "the " + what + " is");

  // One byte more than the size, so a file that grows while it is read is noticed.
  Bytes bytes(static_cast<std::size_t>(size) + 1, 0);
  std::size_t used = 0;
  while (used < bytes.size()) {
    const ssize_t got = ::read(file.get(), bytes.data() + used, bytes.size() - used);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw failure(errno);
    }
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  if (used > size)
    throw Error(path.string() + ": the " + what + " grew while it was read (more than its " + std::to_string(size) +
                " bytes); wait until whatever writes it has finished, then run again");
  bytes.resize(used);
  return bytes;
}

Error write_failure(const fs::path& target, int error) {
  return Error("cannot write '" + target.string() + "': " + os_reason(error));
}

void write_whole_file(const fs::path& file_path, std::string_view bytes, const fs::path& target) {
  FileDescriptor file(::open(file_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
  if (file.get() < 0) throw write_failure(target, errno);
  while (!bytes.empty()) {
    const ssize_t written = ::write(file.get(), bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw write_failure(target, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  if (file.close() != 0) throw write_failure(target, errno);
}

// Without this a crash right after the rename can leave an empty file where the old,
// complete one was: the rename reaches the disk before the data does.
void flush_to_disk(const fs::path& file_path, const fs::path& target) {
  FileDescriptor file(::open(file_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) throw write_failure(target, errno);
  if (::fsync(file.get()) != 0) throw write_failure(target, errno);
}

}  // namespace

void write_atomically(const fs::path& path, const std::function<void(const fs::path&)>& write) {
  if (path.empty() || !path.has_filename())
    throw Error("cannot write '" + path.string() + "': the path does not name a file");
  if (const fs::path parent = path.parent_path(); !parent.empty()) {
    std::error_code error;
    fs::create_directories(parent, error);
    if (error)
      throw Error("cannot create directory '" + parent.string() + "' for '" + path.string() + "': " +
                  error.message());
  }
  fs::path temporary = path;
  temporary += ".tmp-" + std::to_string(::getpid());
  try {
    write(temporary);
    flush_to_disk(temporary, path);
    std::error_code error;
    fs::rename(temporary, path, error);
    if (error) throw Error("cannot write '" + path.string() + "': " + error.message());
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
}

void write_text_atomically(const fs::path& path, const std::string& text) {
  write_atomically(path, [&](const fs::path& temporary) { write_whole_file(temporary, text, path); });
}

std::string read_text(const fs::path& path, const std::string& what) {
  return read_whole_file<std::string>(path, what);
}

std::vector<unsigned char> read_bytes(const fs::path& path, const std::string& what) {
  return read_whole_file<std::vector<unsigned char>>(path, what);
}

}  // namespace nnplug
