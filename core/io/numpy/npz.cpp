#include "npy_format.hpp"
#include "npz_reader.hpp"

#include <nnplug/base/error.hpp>
#include <nnplug/base/files.hpp>
#include <nnplug/base/input_limit.hpp>
#include <nnplug/io/numpy/npz.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <set>

#include <zip.h>

namespace nnplug {
namespace {

struct ArchiveDiscard {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ArchiveDiscard>;

struct EntryClose {
  void operator()(zip_file_t* entry) const { zip_fclose(entry); }
};
using Entry = std::unique_ptr<zip_file_t, EntryClose>;

std::string zip_error_text(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

std::string zip_error_text(zip_error_t* error) { return zip_error_strerror(error); }

constexpr std::string_view npy_suffix = ".npy";

void check_arrays(const std::filesystem::path& path, const std::vector<NamedArray>& arrays) {
  std::set<std::string> names;
  for (const auto& array : arrays) {
    const std::string where = "cannot write '" + path.string() + "': array '" + array.name + "'";
    if (array.name.empty()) throw Error("cannot write '" + path.string() + "': an array has an empty name");
    if (!names.insert(array.name).second) throw Error(where + " appears twice; names in an npz file must be unique");
    std::size_t count = 1;
    for (const auto dim : array.shape) count *= dim;
    if (count != array.data.size())
      throw Error(where + " has a shape of " + std::to_string(count) + " values but holds " +
                  std::to_string(array.data.size()));
  }
}

void write_zip(const std::filesystem::path& file, const std::filesystem::path& target,
               const std::vector<NamedArray>& arrays) {
  const auto failure = [&](const std::string& reason) { return Error("cannot write '" + target.string() + "': " + reason); };
  int code = 0;
  Archive archive(zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code));
  if (!archive) throw failure(zip_error_text(code));

  // libzip reads the buffers only in zip_close, so every entry's bytes live until then.
  std::vector<std::string> entries;
  entries.reserve(arrays.size());
  for (const auto& array : arrays) {
    const std::string& bytes = entries.emplace_back(npy::encode(array.shape, array.data));
    zip_source_t* source = zip_source_buffer(archive.get(), bytes.data(), bytes.size(), 0);
    if (!source) throw failure(zip_strerror(archive.get()));
    const std::string entry_name = array.name + std::string(npy_suffix);
    const zip_int64_t index = zip_file_add(archive.get(), entry_name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);  // not taken over by the archive when adding fails
      throw failure(zip_strerror(archive.get()));
    }
    // Stored, not deflated, like numpy.savez: weights barely compress and loading stays fast.
    if (zip_set_file_compression(archive.get(), static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) != 0)
      throw failure(zip_strerror(archive.get()));
    // numpy's fixed timestamp (1980-01-01 00:00 in DOS date/time), not the clock: the same
    // weights must give the same file, whenever they are written.
    constexpr zip_uint16_t numpy_dos_time = 0, numpy_dos_date = (0 << 9) | (1 << 5) | 1;
    if (zip_file_set_dostime(archive.get(), static_cast<zip_uint64_t>(index), numpy_dos_time, numpy_dos_date, 0) != 0)
      throw failure(zip_strerror(archive.get()));
  }
  if (zip_close(archive.get()) != 0) throw failure(zip_strerror(archive.get()));
  static_cast<void>(archive.release());  // zip_close freed it
}

// The directory's sizes are claims until checked: the compressed size must fit in the
// archive, the stored size must be what that compressed size can produce, and the data is
// read to that size and no further (a deflate bomb yields more, which is an error).
std::uint64_t checked_entry_size(const zip_stat_t& stat, std::uint64_t archive_size, const std::string& where) {
  if (!(stat.valid & ZIP_STAT_COMP_SIZE) || !(stat.valid & ZIP_STAT_COMP_METHOD))
    throw Error(where + ": the zip directory gives no compressed size or method; the file is damaged, write it again");
  if (stat.comp_size > archive_size)
    throw Error(where + ": the zip directory claims " + std::to_string(stat.comp_size) +
                " compressed bytes, more than the whole file's " + std::to_string(archive_size) +
                "; the file is damaged or truncated, write or copy it again");
  const bool stored = stat.comp_method == ZIP_CM_STORE;
  if (!stored && stat.comp_method != ZIP_CM_DEFLATE)
    throw Error(where + ": zip compression method " + std::to_string(stat.comp_method) +
                " is not supported; numpy.savez stores and numpy.savez_compressed deflates, write it with one of them");
  if (stored ? stat.size != stat.comp_size : stat.size > max_inflated_size(stat.comp_size))
    throw Error(where + ": the zip directory claims " + std::to_string(stat.size) + " bytes from " +
                std::to_string(stat.comp_size) + (stored ? " stored" : " deflated") +
                " bytes, which they cannot hold; the file is damaged, write or copy it again");
  check_input_limit(stat.size, where, "the zip directory claims");
  return stat.size;
}

std::vector<unsigned char> read_entry(zip_t* archive, zip_uint64_t index, std::uint64_t size, const std::string& where) {
  Entry entry(zip_fopen_index(archive, index, 0));
  if (!entry) throw Error(where + " cannot be opened: " + zip_strerror(archive) + "; the file is damaged, write it again");
  const auto damaged = [&] {
    return Error(where + " cannot be read: " + zip_file_strerror(entry.get()) + "; the file is damaged, write it again");
  };
  // Grown as data arrives, so a size claimed but not delivered is never allocated.
  constexpr std::uint64_t chunk = std::uint64_t{1} << 20;
  std::vector<unsigned char> bytes;
  while (bytes.size() < size) {
    const std::size_t start = bytes.size();
    const std::size_t want = static_cast<std::size_t>(std::min(chunk, size - start));
    bytes.resize(start + want);
    const zip_int64_t got = zip_fread(entry.get(), bytes.data() + start, want);
    if (got < 0) throw damaged();
    bytes.resize(start + static_cast<std::size_t>(got));
    if (got == 0) break;
  }
  if (bytes.size() != size)
    throw Error(where + " has " + std::to_string(bytes.size()) + " bytes where the archive says " + std::to_string(size) +
                "; the file is damaged, write it again");
  // libzip checks the CRC on reaching the end, and reports a mismatch on the read after
  // the data, so one more read must find the end cleanly; data beyond the size is an error too.
  unsigned char extra = 0;
  const zip_int64_t after = zip_fread(entry.get(), &extra, 1);
  if (after < 0) throw damaged();
  if (after > 0)
    throw Error(where + " holds more than the " + std::to_string(size) +
                " bytes the archive says; the file is damaged, write it again");
  return bytes;
}

}  // namespace

void write_npz(const std::filesystem::path& path, const std::vector<NamedArray>& arrays) {
  check_arrays(path, arrays);
  if (arrays.empty()) {
    // libzip deletes an archive with no entries instead of writing one; numpy writes the
    // bare end-of-central-directory record, so do the same.
    write_text_atomically(path, std::string("PK\x05\x06", 4) + std::string(18, '\0'));
    return;
  }
  write_atomically(path, [&](const std::filesystem::path& temporary) { write_zip(temporary, path, arrays); });
}

std::vector<NamedArray> read_npz(const std::filesystem::path& path) {
  // Read first, so a missing or unreadable file is reported with the OS reason.
  return decode_npz(read_bytes(path, "npz file"), path.string());
}

std::vector<NamedArray> decode_npz(const std::vector<unsigned char>& bytes, const std::string& archive_name) {
  const std::string file = "npz file '" + archive_name + "'";

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  Archive archive(source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr);
  if (!archive) {
    if (source) zip_source_free(source);
    const std::string reason = zip_error_text(&error);
    zip_error_fini(&error);
    throw Error(file + " is not a valid npz (zip) archive: " + reason +
                "; write it with numpy.savez or nnplug, and check it was copied completely");
  }
  zip_error_fini(&error);

  std::vector<NamedArray> arrays;
  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive.get(), index, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_NAME) ||
        !(stat.valid & ZIP_STAT_SIZE))
      throw Error(file + ": entry " + std::to_string(i + 1) + " cannot be read: " + zip_strerror(archive.get()));
    const std::string name = stat.name;
    if (name.ends_with('/')) continue;  // a directory entry some zip tools add; it holds no array
    const std::string where = file + " entry '" + name + "'";
    if (!name.ends_with(npy_suffix))
      throw Error(where + " is not a .npy array; an npz archive holds only .npy files, as numpy.savez writes");
    const std::uint64_t size = checked_entry_size(stat, bytes.size(), where);
    NamedArray array = npy::decode(read_entry(archive.get(), index, size, where), where);
    array.name = name.substr(0, name.size() - npy_suffix.size());
    arrays.push_back(std::move(array));
  }
  return arrays;
}

}  // namespace nnplug
