#pragma once
// Zip archives written byte by byte, so a test can put any size in the directory: what a
// forged or damaged npz looks like, which no zip library would write.
#include <catch2/catch.hpp>
#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

namespace nnplug::test {

struct ZipMember {
  std::string name;
  std::string data;         // the uncompressed bytes
  bool deflate = false;     // else stored
  std::uint32_t claimed_size = 0;  // what the headers say the uncompressed size is
};

inline std::string raw_deflate(const std::string& data) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

inline std::string zip_archive(const std::vector<ZipMember>& members) {
  std::string out, directory;
  const auto put = [](std::string& to, std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) to += static_cast<char>((value >> (8 * i)) & 0xFF);
  };
  for (const auto& member : members) {
    const std::string body = member.deflate ? raw_deflate(member.data) : member.data;
    const auto crc = crc32(0, reinterpret_cast<const Bytef*>(member.data.data()), static_cast<uInt>(member.data.size()));
    const auto fields = [&](std::string& to) {  // shared by the local and the central header
      put(to, 20, 2);                           // version needed
      put(to, 0, 2);                            // flags
      put(to, member.deflate ? 8 : 0, 2);       // method
      put(to, 0, 2);                            // time
      put(to, 0x21, 2);                         // date: 1980-01-01
      put(to, crc, 4);
      put(to, body.size(), 4);
      put(to, member.claimed_size, 4);
      put(to, member.name.size(), 2);
      put(to, 0, 2);  // extra length
    };
    const std::size_t offset = out.size();
    put(out, 0x04034b50, 4);
    fields(out);
    out += member.name + body;
    put(directory, 0x02014b50, 4);
    put(directory, 20, 2);  // version made by
    fields(directory);
    put(directory, 0, 2);  // comment length
    put(directory, 0, 2);  // disk
    put(directory, 0, 2);  // internal attributes
    put(directory, 0, 4);  // external attributes
    put(directory, offset, 4);
    directory += member.name;
  }
  const std::size_t directory_offset = out.size();
  out += directory;
  put(out, 0x06054b50, 4);
  put(out, 0, 4);  // disk numbers
  put(out, members.size(), 2);
  put(out, members.size(), 2);
  put(out, directory.size(), 4);
  put(out, directory_offset, 4);
  put(out, 0, 2);  // comment length
  return out;
}

// A float32 .npy file of the given shape, header written by hand; data all zero bytes.
inline std::string npy_float32(const std::string& shape_literal, std::size_t data_bytes) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape_literal + ", }";
  dict.append(64 - (10 + dict.size() + 1) % 64, ' ');
  dict += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(dict.size() & 0xFF);
  out += static_cast<char>(dict.size() >> 8);
  return out + dict + std::string(data_bytes, '\0');
}

inline std::string npy_float32_vector(const std::vector<float>& values) {
  std::string out = npy_float32("(" + std::to_string(values.size()) + ",)", 0);
  out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
  return out;
}

}  // namespace nnplug::test
