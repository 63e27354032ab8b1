#pragma once
// The header dictionary of a .npy file: the Python literal numpy writes
// ("{'descr': '<f4', 'fortran_order': False, 'shape': (784, 256), }") and reads back.
#include <nnplug/sdk/tensor.hpp>

#include <string>
#include <string_view>

namespace nnplug::npy {

struct Header {
  std::string descr;  // numpy dtype string, e.g. "<f4"
  bool fortran_order = false;
  Shape shape;
};

// Exactly numpy.lib.format's text for a C-order array, including the spaces numpy adds
// after it so the header can grow in place; padding to 64 bytes is the caller's.
std::string format_header_dict(std::string_view descr, const Shape& shape);

// Parses the dictionary. `where` names the array in errors.
Header parse_header_dict(std::string_view text, const std::string& where);

}  // namespace nnplug::npy
