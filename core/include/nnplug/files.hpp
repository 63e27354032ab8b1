#pragma once
// Writing files so that nothing already written is lost: write to a temporary name in
// the same directory, then rename over the target.
#include <filesystem>
#include <functional>
#include <string>

namespace nnplug {

// Calls write(temporary_path); on success renames it to `path`, on failure removes it
// and rethrows. Creates missing parent directories.
void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path&)>& write);
void write_text_atomically(const std::filesystem::path& path, const std::string& text);
std::string read_text(const std::filesystem::path& path, const std::string& what);

}  // namespace nnplug
