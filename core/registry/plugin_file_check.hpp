#pragma once
// The check a candidate plugin file passes before it is ever loaded: read from disk
// through the bounded reader (a FIFO or device is refused before a byte is read) and
// parsed here with every offset and size checked against the file, so a forged ELF
// header can neither hang us nor make us allocate more than the file itself.
#include <filesystem>
#include <span>
#include <string>

namespace nnplug::detail {

// Empty when `elf` is a shared library for this machine whose dynamic symbol table (or
// full symbol table) defines `symbol`; otherwise why not, as a phrase for "<file>: <why>".
std::string why_not_a_plugin_image(std::span<const unsigned char> elf, const std::string& symbol);

// The same for a file on disk; unreadable or non-regular files give their reason too.
std::string why_not_a_plugin_file(const std::filesystem::path& file, const std::string& symbol);

}  // namespace nnplug::detail
