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
// is never left half-written. Each array becomes "<name>.npy", stored uncompressed like
// numpy.savez, with exactly the bytes numpy.save writes for a float32 array. Names must
// be unique and non-empty, and each shape must match its data's size (else Error).
void write_npz(const std::filesystem::path& path, const std::vector<NamedArray>& arrays);

// Every .npy entry, in archive order, named by its entry name minus ".npy". Reads stored
// or deflated archives (numpy.savez / savez_compressed), float32 or float64 (converted to
// float), C order, any rank. Errors name the file and the entry: a missing file, not a
// zip, a damaged entry (CRC), another dtype, Fortran order, a size that does not match.
std::vector<NamedArray> read_npz(const std::filesystem::path& path);

}  // namespace nnplug
