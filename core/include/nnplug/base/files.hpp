#pragma once
// Writing files so that nothing already written is lost: write to a temporary name in
// the same directory, then rename over the target. Reading whole files with errors
// that name the file, what it is for, and the operating system's reason.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace nnplug {

// Calls write(temporary_path) with temporary_path = "<path>.tmp-<pid>" in the same
// directory; on success flushes it to disk and renames it to `path`, on failure removes
// it and rethrows. Creates missing parent directories. Throws Error naming the path and
// the OS reason when the directory cannot be created or the rename fails.
void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path&)>& write);

// `text` may hold any bytes; it is written as is.
void write_text_atomically(const std::filesystem::path& path, const std::string& text);

// The whole file. `what` says what the file is for the message, e.g. "config file":
// "cannot read config file 'run.json': No such file or directory". Only regular files
// are read: a FIFO, a device or a socket is refused before a byte is read (it could
// block forever or never end), and so is a file larger than max_input_bytes()
// (nnplug/base/input_limit.hpp). Every reader of user input goes through these.
std::string read_text(const std::filesystem::path& path, const std::string& what);
std::vector<unsigned char> read_bytes(const std::filesystem::path& path, const std::string& what);

}  // namespace nnplug
