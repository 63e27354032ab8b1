#include "plugin_file_check.hpp"

#include <nnplug/base/checked_size.hpp>
#include <nnplug/base/error.hpp>
#include <nnplug/base/files.hpp>

#include <cstring>
#include <optional>
#include <string_view>
#include <type_traits>

#include <elf.h>

namespace nnplug::detail {
namespace {

#if defined(__x86_64__)
constexpr Elf64_Half host_machine = EM_X86_64;
#elif defined(__aarch64__)
constexpr Elf64_Half host_machine = EM_AARCH64;
#else
#error "plugin_file_check.cpp: add this machine's ELF e_machine value"
#endif

// A view of the file in which every read is checked: a struct or a range that does not
// fit inside the file is nothing, never a read past its end.
class ElfImage {
 public:
  explicit ElfImage(std::span<const unsigned char> bytes) : bytes_(bytes) {}

  template <class T>
  std::optional<T> read(std::uint64_t offset) const {
    static_assert(std::is_trivially_copyable_v<T>);
    if (!fits(offset, sizeof(T))) return std::nullopt;
    T value;
    std::memcpy(&value, bytes_.data() + offset, sizeof(T));
    return value;
  }

  bool fits(std::uint64_t offset, std::uint64_t size) const {
    const auto end = checked_add(offset, size);
    return end && *end <= bytes_.size();
  }

  // The NUL-terminated string at `offset` within the table [table, table + size).
  std::optional<std::string_view> string(std::uint64_t table, std::uint64_t size, std::uint64_t offset) const {
    if (!fits(table, size) || offset >= size) return std::nullopt;
    const auto* start = reinterpret_cast<const char*>(bytes_.data() + table + offset);
    const void* end = std::memchr(start, '\0', size - offset);
    if (!end) return std::nullopt;
    return std::string_view(start, static_cast<const char*>(end) - start);
  }

 private:
  std::span<const unsigned char> bytes_;
};

std::optional<Elf64_Shdr> section(const ElfImage& image, const Elf64_Ehdr& header, std::uint64_t index) {
  if (index >= header.e_shnum) return std::nullopt;
  const auto relative = checked_multiply(index, header.e_shentsize);
  const auto offset = relative ? checked_add(header.e_shoff, *relative) : std::nullopt;
  return offset ? image.read<Elf64_Shdr>(*offset) : std::nullopt;
}

// True when the symbol table `table` defines `symbol`; nothing when the table is malformed.
std::optional<bool> defines(const ElfImage& image, const Elf64_Ehdr& header, const Elf64_Shdr& table,
                            std::string_view symbol) {
  if (table.sh_entsize != sizeof(Elf64_Sym) || !image.fits(table.sh_offset, table.sh_size)) return std::nullopt;
  const auto strings = section(image, header, table.sh_link);
  if (!strings || strings->sh_type != SHT_STRTAB) return std::nullopt;
  for (std::uint64_t i = 0; i < table.sh_size / sizeof(Elf64_Sym); ++i) {
    const auto entry = image.read<Elf64_Sym>(table.sh_offset + i * sizeof(Elf64_Sym));
    if (!entry || entry->st_shndx == SHN_UNDEF) continue;
    const auto name = image.string(strings->sh_offset, strings->sh_size, entry->st_name);
    if (name && *name == symbol) return true;
  }
  return false;
}

}  // namespace

std::string why_not_a_plugin_image(std::span<const unsigned char> elf, const std::string& symbol) {
  const ElfImage image(elf);
  if (elf.size() < SELFMAG || std::memcmp(elf.data(), ELFMAG, SELFMAG) != 0) return "not an ELF shared library";
  const auto header = image.read<Elf64_Ehdr>(0);
  if (!header)
    return "unreadable ELF file (truncated: " + std::to_string(elf.size()) +
           " bytes, shorter than an ELF header); rebuild or copy the plugin again";
  if (header->e_ident[EI_CLASS] != ELFCLASS64 || header->e_ident[EI_DATA] != ELFDATA2LSB ||
      header->e_machine != host_machine)
    return "an ELF file for another kind of machine (not 64-bit for this CPU); build the plugin on this machine";
  if (header->e_type != ET_DYN) return "an ELF file that is not a shared library; build the plugin as a MODULE library";
  if (header->e_shnum == 0 || header->e_shentsize != sizeof(Elf64_Shdr))
    return "unreadable ELF file (no usable section table); rebuild the plugin";

  // The ELF format allows one table of each kind; more would only multiply the work.
  int dynamic_tables = 0, full_tables = 0;
  for (std::uint64_t i = 0; i < header->e_shnum; ++i) {
    const auto table = section(image, *header, i);
    if (!table) return "unreadable ELF file (its section table lies outside the file); rebuild the plugin";
    if (table->sh_type != SHT_DYNSYM && table->sh_type != SHT_SYMTAB) continue;
    if (++(table->sh_type == SHT_DYNSYM ? dynamic_tables : full_tables) > 1)
      return "unreadable ELF file (two symbol tables of one kind); rebuild the plugin";
    const auto found = defines(image, *header, *table, symbol);
    if (!found) return "unreadable ELF file (a symbol table is malformed or lies outside the file); rebuild the plugin";
    if (*found) return {};
  }
  if (dynamic_tables + full_tables == 0) return "a shared library without a symbol table; rebuild the plugin";
  return "exports no '" + symbol + "' (not an nnplug plugin; plugins export one with NNPLUG_PLUGIN)";
}

std::string why_not_a_plugin_file(const std::filesystem::path& file, const std::string& symbol) {
  try {
    const std::vector<unsigned char> bytes = read_bytes(file, "plugin file");
    return why_not_a_plugin_image(bytes, symbol);
  } catch (const Error& e) {
    // The caller prefixes the file name; the reader's messages already carry it.
    std::string reason = e.what();
    if (const std::string prefix = file.string() + ": "; reason.starts_with(prefix)) reason.erase(0, prefix.size());
    return reason;
  }
}

}  // namespace nnplug::detail
