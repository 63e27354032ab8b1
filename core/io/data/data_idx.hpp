#pragma once
// IDX from bytes already read (load_idx reads the file); the fuzz targets call it directly.
#include <nnplug/sdk/tensor.hpp>

#include <string>
#include <vector>

namespace nnplug {

// `file` holds the whole file, plain or gzip; `source` names it in errors.
Matrix decode_idx(const std::vector<unsigned char>& file, const std::string& source);

}  // namespace nnplug
