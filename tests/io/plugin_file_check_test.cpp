// The pre-dlopen check of a candidate plugin file: a forged ELF header cannot make it
// read outside the file or allocate what the header claims.
#include "io/hostile_input.hpp"
#include "support/temp_dir.hpp"

#include <nnplug/registry/registry.hpp>

#include <catch2/catch.hpp>

#include <cstring>

#include <elf.h>

using Catch::Matchers::Contains;
using nnplug::test::TempDir;

namespace {

// A 64-bit x86-64 shared-object header followed by one section header: a symbol table
// whose size and offset the test chooses.
std::string forged_library(std::uint64_t table_offset, std::uint64_t table_size) {
  Elf64_Ehdr header{};
  std::memcpy(header.e_ident, ELFMAG, SELFMAG);
  header.e_ident[EI_CLASS] = ELFCLASS64;
  header.e_ident[EI_DATA] = ELFDATA2LSB;
  header.e_ident[EI_VERSION] = EV_CURRENT;
  header.e_type = ET_DYN;
  header.e_machine = EM_X86_64;
  header.e_version = EV_CURRENT;
  header.e_ehsize = sizeof(Elf64_Ehdr);
  header.e_shoff = sizeof(Elf64_Ehdr);
  header.e_shentsize = sizeof(Elf64_Shdr);
  header.e_shnum = 1;
  Elf64_Shdr table{};
  table.sh_type = SHT_DYNSYM;
  table.sh_offset = table_offset;
  table.sh_size = table_size;
  table.sh_entsize = sizeof(Elf64_Sym);
  std::string bytes(sizeof header + sizeof table, '\0');
  std::memcpy(bytes.data(), &header, sizeof header);
  std::memcpy(bytes.data() + sizeof header, &table, sizeof table);
  return bytes;
}

std::string problem_for(const TempDir& tmp, const std::string& name, const std::string& bytes) {
  tmp.write(name, bytes);
  const nnplug::Registry registry({tmp.dir()});
  REQUIRE(registry.problems().size() == 1);
  return registry.problems()[0];
}

}  // namespace

TEST_CASE("a plugin file with a forged section size is refused without allocating it", "[io][hostile][plugin_file]") {
  TempDir tmp;
  const auto outcome = nnplug::test::run_in_child([&] {
    throw nnplug::Error(problem_for(tmp, "optimizers_forged.so", forged_library(0, 0xFFFFFFFF0ULL)));
  });
  CHECK_FALSE(outcome.crashed);
  CHECK(outcome.error == (tmp / "optimizers_forged.so").string() +
                             ": unreadable ELF file (a symbol table is malformed or lies outside the file); rebuild the plugin");
  CHECK(outcome.rss_growth_mb < 64);
}

TEST_CASE("plugin files that are not shared libraries for this machine say so", "[io][hostile][plugin_file]") {
  TempDir tmp;
  // An offset that wraps around 64 bits when the size is added.
  CHECK_THAT(problem_for(tmp, "wrap.so", forged_library(UINT64_MAX - 8, 64)), Contains("a symbol table is malformed or lies outside"));
  std::filesystem::remove(tmp / "wrap.so");
  std::string other_machine = forged_library(0, 0);
  other_machine[EI_CLASS] = ELFCLASS32;
  CHECK_THAT(problem_for(tmp, "old.so", other_machine), Contains("an ELF file for another kind of machine"));
  std::filesystem::remove(tmp / "old.so");
  CHECK_THAT(problem_for(tmp, "empty_table.so", forged_library(0, 0)),
             Contains("unreadable ELF file") || Contains("exports no 'nnplug_descriptor'"));
}
