#pragma once
// numpy .npz archives (a zip of .npy files, written with libzip): numpy.load reads what
// we write, and we read what numpy.savez writes (float32 or float64, C order).
#include <nnplug/sdk/tensor.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace nnplug {

struct NamedArray {
  std::string name;          // key in the archive, e.g. "dense/kernel" (stored as dense/kernel.npy)
  Shape shape;               // e.g. {784, 256}
  std::vector<float> data;   // C order
};

// Written to a temporary name in the same directory and renamed, so an existing file
// is never left half-written.
void write_npz(const std::filesystem::path& path, const std::vector<NamedArray>& arrays);
std::vector<NamedArray> read_npz(const std::filesystem::path& path);

}  // namespace nnplug
