#pragma once
// gzip detection and decompression of a file already read into memory.
#include <string>
#include <vector>

namespace nnplug {

bool is_gzip(const std::vector<unsigned char>& bytes);

// Decompresses every gzip member in `compressed` (as `gzip -d` does). Throws Error
// naming `source` when the data is truncated or corrupt.
std::vector<unsigned char> gunzip(const std::vector<unsigned char>& compressed, const std::string& source);

}  // namespace nnplug
