#pragma once
// An .npz archive from bytes already read (read_npz reads the file); the fuzz targets call it directly.
#include <nnplug/io/numpy/npz.hpp>

#include <string>
#include <vector>

namespace nnplug {

// `archive_name` names the archive in errors.
std::vector<NamedArray> decode_npz(const std::vector<unsigned char>& bytes, const std::string& archive_name);

}  // namespace nnplug
