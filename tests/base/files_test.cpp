#include "support/temp_dir.hpp"

#include <nnplug/base/error.hpp>
#include <nnplug/base/files.hpp>

#include <catch2/catch.hpp>

#include <stdexcept>

using Catch::Matchers::Contains;
using nnplug::read_text;
using nnplug::write_atomically;
using nnplug::write_text_atomically;
using nnplug::test::TempDir;

TEST_CASE("write_text_atomically creates parent directories and leaves only the target", "[data][files]") {
  TempDir tmp;
  const auto file = tmp / "runs/a/b/history.csv";
  const std::string text = std::string("epoch,loss\n1,0.5\n") + '\0' + "binary ok";
  write_text_atomically(file, text);
  CHECK(read_text(file, "history") == text);
  write_text_atomically(file, "replaced\n");
  CHECK(read_text(file, "history") == "replaced\n");
  CHECK(std::distance(std::filesystem::directory_iterator(file.parent_path()), {}) == 1);
}

TEST_CASE("write_atomically keeps the old file when the writer fails", "[data][files]") {
  TempDir tmp;
  const auto file = tmp / "weights.npz";
  write_text_atomically(file, "old and complete");

  std::filesystem::path used;
  const auto failing_writer = [&](const std::filesystem::path& temporary) {
    used = temporary;
    std::ofstream(temporary) << "half of the new";
    throw std::runtime_error("disk on fire");
  };
  REQUIRE_THROWS_WITH(write_atomically(file, failing_writer), "disk on fire");
  CHECK(used.parent_path() == file.parent_path());
  CHECK(used.filename().string().starts_with("weights.npz.tmp-"));
  CHECK(read_text(file, "weights") == "old and complete");
  CHECK(tmp.listing() == std::vector<std::string>{"weights.npz"});
}

TEST_CASE("write_atomically hands the writer a temporary name, then renames it", "[data][files]") {
  TempDir tmp;
  const auto file = tmp / "out.txt";
  write_atomically(file, [&](const std::filesystem::path& temporary) {
    CHECK(temporary != file);
    CHECK_FALSE(std::filesystem::exists(file));  // nothing at the target until the rename
    std::ofstream(temporary) << "done";
  });
  CHECK(read_text(file, "output") == "done");
  CHECK(tmp.listing() == std::vector<std::string>{"out.txt"});
}

TEST_CASE("file errors name the path and the operating system's reason", "[data][files]") {
  TempDir tmp;
  const auto blocker = tmp.write("blocker", "a file, not a directory");

  SECTION("the parent directory cannot be created") {
    const auto file = blocker / "sub" / "x.txt";
    REQUIRE_THROWS_AS(write_text_atomically(file, "x"), nnplug::Error);
    REQUIRE_THROWS_WITH(write_text_atomically(file, "x"),
                        Contains("cannot create directory '" + (blocker / "sub").string() + "' for '" + file.string()));
  }
  SECTION("the target is a directory") {
    std::filesystem::create_directories(tmp / "taken" / "inner");
    REQUIRE_THROWS_WITH(write_text_atomically(tmp / "taken", "x"), Contains("cannot write '" + (tmp / "taken").string() + "': "));
    CHECK(tmp.listing() == std::vector<std::string>{"blocker", "taken"});
  }
  SECTION("reading a missing file") {
    const auto file = tmp / "run.json";
    REQUIRE_THROWS_WITH(read_text(file, "config file"),
                        "cannot read config file '" + file.string() + "': No such file or directory");
  }
  SECTION("reading a directory") {
    REQUIRE_THROWS_WITH(read_text(tmp.dir(), "config file"), Contains("Is a directory"));
  }
  SECTION("reading bytes") {
    const auto bytes = nnplug::read_bytes(tmp.write("b.bin", std::string("\x00\xff\x10", 3)), "weights");
    CHECK(bytes == std::vector<unsigned char>{0x00, 0xff, 0x10});
  }
}
