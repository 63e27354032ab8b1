#pragma once
// gzip decompression as a stream, so a reader takes exactly the bytes its own header
// declares and no more: a gzip bomb or a trailer claiming 4 GB never makes us allocate
// more than the format being read says it holds.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <zlib.h>

namespace nnplug {

bool is_gzip(std::span<const unsigned char> bytes);

class GzipStream {
 public:
  // `compressed` must outlive the stream. `source` names the file in errors.
  GzipStream(std::span<const unsigned char> compressed, std::string source);
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;
  ~GzipStream();

  // Appends up to `count` decompressed bytes to `out` (growing it only as data arrives)
  // and returns how many; fewer only when the data ends. Every gzip member is read, as
  // `gzip -d` does. Throws Error naming the file when the data is corrupt or truncated.
  std::size_t read(std::vector<unsigned char>& out, std::size_t count);
  // True when no decompressed byte is left.
  bool at_end();

 private:
  std::size_t inflate_into(unsigned char* out, std::size_t count);
  std::span<const unsigned char> compressed_;
  std::string source_;
  z_stream stream_{};
  std::size_t in_pos_ = 0;
  bool finished_ = false;
};

}  // namespace nnplug
