#pragma once
// Whole .npy files (format 1.0, or 2.0 when the header is too long for 1.0) as numpy
// writes them, and reading back float32/float64 C-order arrays of any rank.
#include <nnplug/io/numpy/npz.hpp>

#include <span>
#include <string>

namespace nnplug::npy {

// Byte for byte what numpy.save writes for a float32 C-order array of this shape.
std::string encode(const Shape& shape, std::span<const float> data);

// The array in `bytes` (name left empty), float64 converted to float. Throws Error
// starting with `where` (e.g. "npz file 'w.npz' entry 'dense/kernel.npy'").
NamedArray decode(std::span<const unsigned char> bytes, const std::string& where);

}  // namespace nnplug::npy
