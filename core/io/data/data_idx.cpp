#include "data_gzip.hpp"
#include "data_idx.hpp"

#include <nnplug/io/data/data.hpp>
#include <nnplug/base/error.hpp>
#include <nnplug/base/files.hpp>
#include <nnplug/base/checked_size.hpp>
#include <nnplug/base/input_limit.hpp>

#include <bit>
#include <cstdint>
#include <limits>
#include <optional>
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

namespace {

// The file's bytes as IDX reads them: straight from the file, or decompressed on demand,
// so only as much is ever produced as the header has declared.
class IdxBytes {
 public:
  IdxBytes(const std::vector<unsigned char>& file, const std::string& source) : file_(file) {
    if (is_gzip(file)) gzip_.emplace(file, source);
  }
  bool compressed() const { return gzip_.has_value(); }
  // Makes bytes() hold at least `size` bytes when the data has them; returns bytes().size() >= size.
  bool fill(std::size_t size) {
    if (!gzip_) return file_.size() >= size;
    if (decompressed_.size() < size) gzip_->read(decompressed_, size - decompressed_.size());
    return decompressed_.size() >= size;
  }
  const std::vector<unsigned char>& bytes() const { return gzip_ ? decompressed_ : file_; }
  // Whether anything follows the first `size` bytes (decompressing at most one byte more).
  bool more_than(std::size_t size) {
    if (!gzip_) return file_.size() > size;
    return decompressed_.size() > size || !gzip_->at_end();
  }
  std::string found() const {
    return gzip_ ? std::to_string(decompressed_.size()) + " bytes after gzip decompression"
                 : std::to_string(file_.size()) + " bytes";
  }

 private:
  const std::vector<unsigned char>& file_;
  std::optional<GzipStream> gzip_;
  std::vector<unsigned char> decompressed_;
};

std::size_t data_size(const std::vector<std::size_t>& dims, const ElementType& type, std::size_t header_size,
                      IdxBytes& bytes, std::uint64_t file_size, const std::string& source) {
  const auto values = checked_element_count(dims, type.size);
  const auto expected = values ? checked_add(*values, header_size) : std::nullopt;
  if (!expected)
    throw Error(source + ": its IDX header declares " + dims_text(dims) + " " + type.name +
                " values, more than 64 bits can count; the header is corrupt, download or copy the file again");
  // A plain file was capped when read and must match its header exactly (checked next);
  // only a decompressed size can exceed what is on disk.
  if (!bytes.compressed()) return static_cast<std::size_t>(*expected);
  check_input_limit(*expected, source, "its IDX header declares");
  if (*expected > max_inflated_size(file_size))
    throw Error(source + ": its IDX header declares " + dims_text(dims) + " " + type.name + " values (" +
                std::to_string(*expected) + " bytes), more than its " + std::to_string(file_size) +
                " bytes of gzip data can hold; the header is corrupt or the file truncated, download or copy it again");
  return static_cast<std::size_t>(*expected);
}

}  // namespace

Matrix load_idx(const std::filesystem::path& path) { return decode_idx(read_bytes(path, "IDX data file"), path.string()); }

Matrix decode_idx(const std::vector<unsigned char>& file, const std::string& source) {
  IdxBytes bytes(file, source);

  if (!bytes.fill(4))
    throw Error("IDX file '" + source + "' is truncated: " + bytes.found() +
                ", expected at least the 4-byte header (0x00 0x00, element type, number of dimensions)");
  const auto& head = bytes.bytes();
  if (head[0] != 0 || head[1] != 0)
    throw Error("'" + source + "' is not an IDX file: it starts with " + hex(head[0]) + " " + hex(head[1]) +
                ", expected 0x00 0x00 then the element type and the number of dimensions"
                " (MNIST's train-images-idx3-ubyte format, optionally gzipped)");
  const ElementType& type = element_type(head[2], source);
  const std::size_t rank = head[3];
  if (rank == 0)
    throw Error("IDX file '" + source + "' declares 0 dimensions; expected at least 1 (the number of items)");
  const std::size_t header_size = 4 + 4 * rank;
  if (!bytes.fill(header_size))
    throw Error("IDX file '" + source + "' is truncated: its header declares " + std::to_string(rank) +
                " dimensions (" + std::to_string(header_size) + " header bytes), found " + bytes.found());

  std::vector<std::size_t> dims(rank);
  for (std::size_t d = 0; d < rank; ++d) dims[d] = big_endian<std::uint32_t>(bytes.bytes().data() + 4 + 4 * d);
  const std::size_t expected = data_size(dims, type, header_size, bytes, file.size(), source);
  const bool complete = bytes.fill(expected);
  if (!complete || bytes.more_than(expected))
    throw Error("IDX file '" + source + "' " + (complete ? "has extra bytes" : "is truncated") + ": its header says " +
                dims_text(dims) + " " + type.name + " values (" + std::to_string(expected) + " bytes in all), found " +
                (complete && bytes.compressed() ? "more" : bytes.found()) + "; download or copy the file again");

  const std::size_t items = dims[0];
  const std::size_t columns = *checked_element_count(std::span(dims).subspan(1));
  Matrix values(static_cast<Eigen::Index>(items), static_cast<Eigen::Index>(columns));
  convert(type.code, bytes.bytes().data() + header_size, values.data(), (expected - header_size) / type.size);
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
