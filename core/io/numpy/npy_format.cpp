#include "npy_format.hpp"

#include "npy_header.hpp"

#include <nnplug/base/checked_size.hpp>
#include <nnplug/base/error.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>

namespace nnplug::npy {
namespace {

constexpr std::string_view magic{"\x93NUMPY", 6};
constexpr std::size_t alignment = 64;  // numpy aligns the data for memory mapping

void store_little_endian(char* out, std::uint64_t value, std::size_t bytes) {
  for (std::size_t i = 0; i < bytes; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

std::uint64_t load_little_endian(const unsigned char* in, std::size_t bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = bytes; i-- > 0;) value = value << 8 | in[i];
  return value;
}

std::string shape_text(const Shape& shape) {
  if (shape.empty()) return "a scalar";
  std::string text;
  for (const auto dim : shape) text += (text.empty() ? "" : " x ") + std::to_string(dim);
  return text;
}

std::size_t element_size(const std::string& descr, const std::string& where) {
  if (descr == "<f4") return 4;
  if (descr == "<f8") return 8;
  throw Error(where + " holds dtype '" + descr +
              "'; only little-endian float32 ('<f4') and float64 ('<f8') arrays can be read;"
              " save it with array.astype('float32')");
}

}  // namespace

std::string encode(const Shape& shape, std::span<const float> data) {
  const std::string dict = format_header_dict("<f4", shape);
  const auto padding = [&](std::size_t length_bytes) {
    return alignment - (magic.size() + 2 + length_bytes + dict.size() + 1) % alignment;
  };
  // Format 1.0 stores the header length in 2 bytes; numpy moves to 2.0 only when it must.
  const bool version_1 = dict.size() + 1 + padding(2) <= 0xFFFF;
  const std::size_t length_bytes = version_1 ? 2 : 4;
  const std::size_t header_length = dict.size() + 1 + padding(length_bytes);
  const std::size_t data_offset = magic.size() + 2 + length_bytes + header_length;

  std::string out(data_offset + 4 * data.size(), ' ');
  char* cursor = out.data();
  cursor = std::copy(magic.begin(), magic.end(), cursor);
  *cursor++ = static_cast<char>(version_1 ? 1 : 2);
  *cursor++ = 0;
  store_little_endian(cursor, header_length, length_bytes);
  cursor = std::copy(dict.begin(), dict.end(), cursor + length_bytes);
  out[data_offset - 1] = '\n';  // the padding between is already spaces
  cursor = out.data() + data_offset;
  for (const float value : data) {
    store_little_endian(cursor, std::bit_cast<std::uint32_t>(value), 4);
    cursor += 4;
  }
  return out;
}

NamedArray decode(std::span<const unsigned char> bytes, const std::string& where) {
  if (bytes.size() < magic.size() + 2 || !std::equal(magic.begin(), magic.end(), bytes.begin(),
                                                     [](char a, unsigned char b) { return static_cast<unsigned char>(a) == b; }))
    throw Error(where + " is not a .npy array: it does not start with numpy's magic string \"\\x93NUMPY\"");
  const unsigned major = bytes[6], minor = bytes[7];
  if (major < 1 || major > 3 || minor != 0)
    throw Error(where + " uses .npy format version " + std::to_string(major) + "." + std::to_string(minor) +
                "; versions 1.0, 2.0 and 3.0 can be read");
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  const std::size_t prefix = magic.size() + 2 + length_bytes;
  const std::size_t data_offset =
      bytes.size() < prefix ? prefix : prefix + load_little_endian(bytes.data() + magic.size() + 2, length_bytes);
  if (bytes.size() < data_offset)
    throw Error(where + " is truncated: its .npy header needs " + std::to_string(data_offset) + " bytes, found " +
                std::to_string(bytes.size()));

  const Header header = parse_header_dict(
      std::string_view(reinterpret_cast<const char*>(bytes.data() + prefix), data_offset - prefix), where);
  const std::size_t size = element_size(header.descr, where);
  if (header.fortran_order)
    throw Error(where + " is stored in Fortran (column-major) order; save it in C order with"
                        " numpy.ascontiguousarray(array)");
  // Checked before anything is allocated: the data must be in `bytes` already.
  const auto data_bytes = checked_element_count(header.shape, size);
  if (!data_bytes)
    throw Error(where + " declares shape " + shape_text(header.shape) +
                ", more values than 64 bits can count; the header is corrupt, write the file again");
  const std::size_t count = *data_bytes / size;
  const std::size_t found = bytes.size() - data_offset;
  if (found != count * size)
    throw Error(where + (found < count * size ? " is truncated" : " has extra bytes") + ": its header says " +
                shape_text(header.shape) + " " + (size == 4 ? "float32" : "float64") + " (" +
                std::to_string(count * size) + " bytes of data), found " + std::to_string(found) + " bytes");

  NamedArray array{"", header.shape, std::vector<float>(count)};
  const unsigned char* in = bytes.data() + data_offset;
  if (size == 4) {
    for (std::size_t i = 0; i < count; ++i)
      array.data[i] = std::bit_cast<float>(static_cast<std::uint32_t>(load_little_endian(in + 4 * i, 4)));
  } else {
    for (std::size_t i = 0; i < count; ++i)
      array.data[i] = static_cast<float>(std::bit_cast<double>(load_little_endian(in + 8 * i, 8)));
  }
  return array;
}

}  // namespace nnplug::npy
