#include "data_gzip.hpp"

#include <nnplug/base/error.hpp>

#include <algorithm>
#include <limits>

namespace nnplug {
namespace {
// 16 + MAX_WBITS: expect a gzip header and trailer, not a raw zlib stream.
constexpr int gzip_window_bits = 16 + MAX_WBITS;
constexpr std::size_t chunk_limit = std::numeric_limits<uInt>::max();
constexpr std::size_t growth_step = std::size_t{1} << 20;
}  // namespace

bool is_gzip(std::span<const unsigned char> bytes) { return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b; }

GzipStream::GzipStream(std::span<const unsigned char> compressed, std::string source)
    : compressed_(compressed), source_(std::move(source)) {
  if (inflateInit2(&stream_, gzip_window_bits) != Z_OK)
    throw Error(source_ + ": cannot start gzip decompression (out of memory); free some memory and run again");
}

GzipStream::~GzipStream() { inflateEnd(&stream_); }

std::size_t GzipStream::inflate_into(unsigned char* out, std::size_t count) {
  std::size_t produced = 0;
  while (produced < count && !finished_) {
    stream_.next_in = const_cast<Bytef*>(compressed_.data() + in_pos_);  // zlib's API is not const-correct
    stream_.avail_in = static_cast<uInt>(std::min(compressed_.size() - in_pos_, chunk_limit));
    stream_.next_out = out + produced;
    stream_.avail_out = static_cast<uInt>(std::min(count - produced, chunk_limit));
    const uInt offered_in = stream_.avail_in, offered_out = stream_.avail_out;
    const int status = inflate(&stream_, Z_NO_FLUSH);
    in_pos_ += offered_in - stream_.avail_in;
    produced += offered_out - stream_.avail_out;

    if (status == Z_STREAM_END) {
      // Another member may follow (concatenated .gz files); anything else is ignored, as gzip does.
      finished_ = !is_gzip(compressed_.subspan(in_pos_));
      if (!finished_) inflateReset(&stream_);
      continue;
    }
    if (status == Z_DATA_ERROR || status == Z_NEED_DICT)
      throw Error(source_ + ": corrupt gzip data (" + (stream_.msg ? stream_.msg : "invalid data") +
                  "); download or copy the file again");
    if (status == Z_MEM_ERROR) throw Error(source_ + ": out of memory decompressing it; free some memory and run again");
    const bool no_progress = offered_in == stream_.avail_in && offered_out == stream_.avail_out;
    if (in_pos_ == compressed_.size() && (status == Z_BUF_ERROR || no_progress))
      throw Error(source_ + ": the gzip data is truncated: it ends after " + std::to_string(compressed_.size()) +
                  " bytes, before the end of the compressed stream; download or copy the file again");
  }
  return produced;
}

std::size_t GzipStream::read(std::vector<unsigned char>& out, std::size_t count) {
  std::size_t total = 0;
  while (total < count && !finished_) {
    const std::size_t step = std::min(count - total, growth_step);
    const std::size_t start = out.size();
    out.resize(start + step);
    const std::size_t got = inflate_into(out.data() + start, step);
    out.resize(start + got);
    total += got;
  }
  return total;
}

bool GzipStream::at_end() {
  unsigned char probe = 0;
  return inflate_into(&probe, 1) == 0;
}

}  // namespace nnplug
