#include "data_gzip.hpp"

#include <nnplug/io/data/data.hpp>
#include <nnplug/base/error.hpp>
#include <nnplug/base/files.hpp>

#include <bit>
#include <cstdint>
#include <limits>
#include <span>

namespace nnplug {
namespace {

struct ElementType {
  unsigned char code;
  const char* name;
  std::size_t size;
};

constexpr ElementType element_types[] = {
    {0x08, "unsigned byte", 1}, {0x09, "signed byte", 1}, {0x0B, "int16", 2},
    {0x0C, "int32", 4},         {0x0D, "float32", 4},     {0x0E, "float64", 8},
};

std::string hex(unsigned value) {
  static constexpr char digits[] = "0123456789ABCDEF";
  return std::string("0x") + digits[(value >> 4) & 0xF] + digits[value & 0xF];
}

const ElementType& element_type(unsigned char code, const std::string& source) {
  for (const auto& type : element_types)
    if (type.code == code) return type;
  std::string known;
  for (const auto& type : element_types) known += (known.empty() ? "" : ", ") + hex(type.code) + " (" + type.name + ")";
  throw Error("IDX file '" + source + "' has element type " + hex(code) + "; expected one of " + known);
}

template <class Stored>
Stored big_endian(const unsigned char* bytes) {
  using Bits = std::conditional_t<sizeof(Stored) == 1, std::uint8_t,
               std::conditional_t<sizeof(Stored) == 2, std::uint16_t,
               std::conditional_t<sizeof(Stored) == 4, std::uint32_t, std::uint64_t>>>;
  Bits bits = 0;
  for (std::size_t i = 0; i < sizeof(Stored); ++i) bits = static_cast<Bits>(bits << 8 | bytes[i]);
  return std::bit_cast<Stored>(bits);
}

// One pass, no per-element dispatch: the compiler turns each instantiation into a
// byte-swap-and-convert loop.
template <class Stored>
void convert(const unsigned char* data, float* out, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) out[i] = static_cast<float>(big_endian<Stored>(data + i * sizeof(Stored)));
}

void convert(unsigned char code, const unsigned char* data, float* out, std::size_t count) {
  switch (code) {
    case 0x08: return convert<std::uint8_t>(data, out, count);
    case 0x09: return convert<std::int8_t>(data, out, count);
    case 0x0B: return convert<std::int16_t>(data, out, count);
    case 0x0C: return convert<std::int32_t>(data, out, count);
    case 0x0D: return convert<float>(data, out, count);
    case 0x0E: return convert<double>(data, out, count);
  }
}

std::string dims_text(std::span<const std::size_t> dims) {
  std::string text;
  for (const auto dim : dims) text += (text.empty() ? "" : " x ") + std::to_string(dim);
  return text;
}

}  // namespace

Matrix load_idx(const std::filesystem::path& path) {
  const std::string source = path.string();
  std::vector<unsigned char> bytes = read_bytes(path, "IDX data file");
  const bool compressed = is_gzip(bytes);
  if (compressed) bytes = gunzip(bytes, source);
  const std::string found = std::to_string(bytes.size()) + " bytes" + (compressed ? " after gzip decompression" : "");

  if (bytes.size() < 4)
    throw Error("IDX file '" + source + "' is truncated: " + found +
                ", expected at least the 4-byte header (0x00 0x00, element type, number of dimensions)");
  if (bytes[0] != 0 || bytes[1] != 0)
    throw Error("'" + source + "' is not an IDX file: it starts with " + hex(bytes[0]) + " " + hex(bytes[1]) +
                ", expected 0x00 0x00 then the element type and the number of dimensions"
                " (MNIST's train-images-idx3-ubyte format, optionally gzipped)");
  const ElementType& type = element_type(bytes[2], source);
  const std::size_t rank = bytes[3];
  if (rank == 0)
    throw Error("IDX file '" + source + "' declares 0 dimensions; expected at least 1 (the number of items)");
  const std::size_t header_size = 4 + 4 * rank;
  if (bytes.size() < header_size)
    throw Error("IDX file '" + source + "' is truncated: its header declares " + std::to_string(rank) +
                " dimensions (" + std::to_string(header_size) + " header bytes), found " + found);

  std::vector<std::size_t> dims(rank);
  std::size_t count = 1;
  for (std::size_t d = 0; d < rank; ++d) {
    dims[d] = big_endian<std::uint32_t>(bytes.data() + 4 + 4 * d);
    if (dims[d] != 0 && count > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()) * 64 / dims[d])
      throw Error("IDX file '" + source + "' declares more values than this program can hold (" +
                  dims_text(std::span(dims).first(d + 1)) + "...); the header is probably corrupt");
    count *= dims[d];
  }
  const std::size_t expected = header_size + count * type.size;
  if (bytes.size() != expected)
    throw Error("IDX file '" + source + "' " + (bytes.size() < expected ? "is truncated" : "has extra bytes") +
                ": its header says " + dims_text(dims) + " " + type.name + " values (" + std::to_string(expected) +
                " bytes in all), found " + found + "; download or copy the file again");

  const std::size_t items = dims[0];
  std::size_t columns = 1;
  for (std::size_t d = 1; d < rank; ++d) columns *= dims[d];
  Matrix values(static_cast<Eigen::Index>(items), static_cast<Eigen::Index>(columns));
  convert(type.code, bytes.data() + header_size, values.data(), count);
  return values;
}

Dataset load_idx_pair(const std::filesystem::path& images, const std::filesystem::path& labels) {
  Dataset dataset;
  dataset.x = load_idx(images);
  dataset.y = load_idx(labels);
  if (dataset.y.cols() != 1)
    throw Error("labels file '" + labels.string() + "' has " + std::to_string(dataset.y.cols()) +
                " values per item; expected 1 (a class index per item); are the images and labels files swapped?");
  if (dataset.x.rows() != dataset.y.rows())
    throw Error("images file '" + images.string() + "' has " + std::to_string(dataset.x.rows()) +
                " items but labels file '" + labels.string() + "' has " + std::to_string(dataset.y.rows()) +
                "; they must describe the same samples (both from the training set, or both from the test set)");
  return dataset;
}

}  // namespace nnplug
