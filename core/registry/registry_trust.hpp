#pragma once
// OpenSSH's StrictModes for plugin directories and files: code that nnplug runs must not be
// replaceable by anyone but its owner, and the owner must be root or the user running.
#include <filesystem>
#include <string>

namespace nnplug::detail {

// Empty when `path` may be trusted; otherwise the problem line: what is wrong with it, why
// that matters, and how to fix it or allow it (--allow-insecure-plugins).
std::string why_untrusted(const std::filesystem::path& path, const char* what);

}  // namespace nnplug::detail
