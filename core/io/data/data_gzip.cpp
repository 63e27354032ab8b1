#include "data_gzip.hpp"

#include <nnplug/base/error.hpp>

#include <algorithm>
#include <limits>

#include <zlib.h>

namespace nnplug {
namespace {

class Inflater {
 public:
  Inflater() {
    // 16 + MAX_WBITS: expect a gzip header and trailer, not a raw zlib stream.
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) throw Error("cannot start gzip decompression: out of memory");
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  ~Inflater() { inflateEnd(&stream_); }
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
};

// The gzip trailer stores the uncompressed size modulo 2^32: a good first guess.
std::size_t size_hint(const std::vector<unsigned char>& compressed) {
  const std::size_t n = compressed.size();
  if (n < 4) return 64;
  const std::size_t stored = static_cast<std::size_t>(compressed[n - 4]) | static_cast<std::size_t>(compressed[n - 3]) << 8 |
                             static_cast<std::size_t>(compressed[n - 2]) << 16 |
                             static_cast<std::size_t>(compressed[n - 1]) << 24;
  return std::max(stored, n * 2) + 1;
}

}  // namespace

bool is_gzip(const std::vector<unsigned char>& bytes) {
  return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

std::vector<unsigned char> gunzip(const std::vector<unsigned char>& compressed, const std::string& source) {
  constexpr std::size_t chunk_limit = std::numeric_limits<uInt>::max();
  Inflater inflater;
  z_stream& stream = inflater.stream();
  std::vector<unsigned char> out(size_hint(compressed));
  std::size_t in_pos = 0, out_pos = 0;
  for (;;) {
    if (out_pos == out.size()) out.resize(out.size() * 2);
    stream.next_in = const_cast<Bytef*>(compressed.data() + in_pos);  // zlib's API is not const-correct
    stream.avail_in = static_cast<uInt>(std::min(compressed.size() - in_pos, chunk_limit));
    stream.next_out = out.data() + out_pos;
    stream.avail_out = static_cast<uInt>(std::min(out.size() - out_pos, chunk_limit));
    const uInt offered_in = stream.avail_in, offered_out = stream.avail_out;
    const int status = inflate(&stream, Z_NO_FLUSH);
    in_pos += offered_in - stream.avail_in;
    out_pos += offered_out - stream.avail_out;

    if (status == Z_STREAM_END) {
      // Another member may follow (concatenated .gz files); anything else is ignored, as gzip does.
      const bool another_member = compressed.size() - in_pos >= 2 && compressed[in_pos] == 0x1f &&
                                  compressed[in_pos + 1] == 0x8b;
      if (!another_member) break;
      inflateReset(&stream);
      continue;
    }
    if (status == Z_DATA_ERROR || status == Z_NEED_DICT)
      throw Error("'" + source + "' has corrupt gzip data (" + (stream.msg ? stream.msg : "invalid data") +
                  "); download or copy the file again");
    if (status == Z_MEM_ERROR) throw Error("out of memory decompressing '" + source + "'");
    const bool input_exhausted = in_pos == compressed.size();
    if (input_exhausted && (status == Z_BUF_ERROR || out_pos < out.size()))
      throw Error("'" + source + "' is truncated: its gzip data ends after " + std::to_string(compressed.size()) +
                  " bytes, before the end of the compressed stream; download or copy the file again");
  }
  out.resize(out_pos);
  return out;
}

}  // namespace nnplug
