#pragma once
// The one bound on how much memory an input file may make us allocate. Each reader bounds
// what it allocates by what the file itself declares (an IDX header's dimensions, an NPY
// shape, a zip member's size) and checks the declaration against the file's real size;
// on top of that, no input may exceed this overall cap, so a forged header asking for
// terabytes is an error before anything is allocated.
#include <cstdint>
#include <string>

namespace nnplug {

// 8 GiB unless the environment variable NNPLUG_MAX_INPUT_BYTES says otherwise (a whole
// number of bytes). Throws Error for a value that is not one.
std::uint64_t max_input_bytes();

// Deflate (gzip, zip) cannot expand data by more than about 1032:1; a declared size beyond
// that from `compressed` bytes is a forged or corrupt header, not real data.
inline constexpr std::uint64_t max_deflate_ratio = 1032;
std::uint64_t max_inflated_size(std::uint64_t compressed);

// Throws Error "<source>: <what> declares N bytes, more than the input limit ...; ..." when
// `bytes` exceeds max_input_bytes().
void check_input_limit(std::uint64_t bytes, const std::string& source, const std::string& what);

}  // namespace nnplug
