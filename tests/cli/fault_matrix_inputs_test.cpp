// The fault matrix, part 1: what a config, data or weights file can do to a run —
// crash it, make it allocate without bound, hang it, or silently mislead it.
#include "cli/fault_matrix.hpp"

#include <nnplug/io/numpy/npz.hpp>

#include <zip.h>
#include <zlib.h>

using namespace nnplug;
using namespace nnplug::test;
using namespace nnplug::test::matrix;

namespace {

std::string gzip(const std::string& data) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, uLong(data.size())) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = uInt(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = uInt(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// An IDX header: ubyte elements, the given dimensions.
std::string idx_header(const std::vector<std::uint32_t>& dims, unsigned char type = 0x08) {
  std::string out{'\0', '\0', char(type), char(dims.size())};
  for (auto dim : dims) out += bytes_be(dim, 4);
  return out;
}

void use_idx(Scene& scene, const std::string& images, const std::string& labels) {
  scene.config["model"]["input_shape"] = {4};
  scene.config["data"]["train"] = {{"format", "idx"}, {"images", images}, {"labels", labels}};
  scene.config["data"].erase("test");
}

// Real IDX training files for the 4-feature model: 60 samples of 3 classes.
void write_good_idx(const Scene& scene) {
  std::string images = idx_header({60, 4}), labels = idx_header({60});
  for (int i = 0; i < 60; ++i) {
    for (int f = 0; f < 4; ++f) images += char((i % 3) * 80 + f * 5);
    labels += char(i % 3);
  }
  write_file(scene / "images.idx", images);
  write_file(scene / "labels.idx", labels);
}

// An .npz of the given members, each stored or deflated, written with libzip.
void write_zip(const fs::path& path, const std::vector<std::pair<std::string, std::string>>& members, bool deflate) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  REQUIRE(archive);
  for (const auto& [name, bytes] : members) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    const auto index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    REQUIRE(index >= 0);
    zip_set_file_compression(archive, zip_uint64_t(index), deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 9);
  }
  REQUIRE(zip_close(archive) == 0);
}

std::string npy_header(const std::string& shape) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + dict.size() + 1) % 64) dict += ' ';
  dict += '\n';
  return std::string("\x93NUMPY\x01\x00", 8) + bytes_le(dict.size(), 2) + dict;
}

// Patches the first occurrence of `from` (little-endian 4 bytes) in the file to `to`.
void patch_u32(const fs::path& path, std::uint32_t from, std::uint32_t to, int occurrences = 1) {
  std::string bytes = read_file(path);
  std::size_t at = 0;
  for (int i = 0; i < occurrences; ++i) {
    at = bytes.find(bytes_le(from, 4), at);
    REQUIRE(at != std::string::npos);
    bytes.replace(at, 4, bytes_le(to, 4));
    at += 4;
  }
  write_file(path, bytes);
}

void initial_weights(Scene& scene, const std::string& file) { scene.config["model"]["initial_weights"] = file; }

std::string csv_with_labels(const std::vector<std::string>& names, int rows, std::uint64_t seed) {
  // Three well separated blobs; class k is names[k].
  Rng rng(seed);
  std::string text = "x0,x1,label\n";
  for (int i = 0; i < rows; ++i) {
    const int k = i % 3;
    text += std::to_string(k * 4.0 + rng.normal(0, 0.3)) + "," + std::to_string(-k * 4.0 + rng.normal(0, 0.3)) + "," +
            names[std::size_t(k)] + "\n";
  }
  return text;
}

void word_label_data(Scene& scene, const std::vector<std::string>& train_order, const std::vector<std::string>& test_order) {
  // Same classes, listed first in another order in each file.
  std::string train = csv_with_labels({"setosa", "versicolor", "virginica"}, 150, 3);
  std::string test = csv_with_labels({"setosa", "versicolor", "virginica"}, 60, 4);
  const auto reorder = [](std::string text, const std::vector<std::string>& order) {
    // Move the first row of each class to the top in `order`.
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
      lines.push_back(text.substr(start, end - start));
    std::string out = lines[0] + "\n";
    std::vector<bool> used(lines.size(), false);
    for (const auto& name : order)
      for (std::size_t i = 1; i < lines.size(); ++i)
        if (!used[i] && lines[i].ends_with("," + name)) {
          out += lines[i] + "\n", used[i] = true;
          break;
        }
    for (std::size_t i = 1; i < lines.size(); ++i)
      if (!used[i]) out += lines[i] + "\n";
    return out;
  };
  write_file(scene / "words.csv", reorder(train, train_order));
  write_file(scene / "words_test.csv", reorder(test, test_order));
  scene.config["model"]["input_shape"] = {2};
  scene.config["fit"]["epochs"] = 30;
  scene.config["data"]["train"] = {{"format", "csv"}, {"path", "words.csv"}, {"label", "label"}};
  scene.config["data"]["test"] = {{"format", "csv"}, {"path", "words_test.csv"}, {"label", "label"}};
}

void test_accuracy_high(const Scene& scene, const LimitedResult&) {
  const Json metrics = Json::parse(read_file(scene / "out" / "metrics.json"));
  CHECK(metrics["test_accuracy"].get<double>() > 0.9);
}

std::vector<Case> config_crashes() {
  return {
      {"config crash", "deep JSON nesting (100000 arrays) in the config",
       [](Scene& s) { s.raw_config = nested("[", "]", 100000, ""); }, 2, {"config.json", "nest"}},
      {"config crash", "deep nesting inside an optimizer parameter",
       [](Scene& s) {
         s.raw_config = s.config.dump();
         s.raw_config.replace(s.raw_config.find("\"learning_rate\":0.01"), 20,
                              "\"learning_rate\":" + nested("{\"a\":", "}", 50000, "1"));
       },
       2, {"config.json", "nest"}},
      {"config crash", "input_shape whose product overflows 64 bits",
       [](Scene& s) {
         s.config["model"]["input_shape"] = {4294967296ull, 4294967296ull, 4294967296ull};
         s.config["model"]["layers"].insert(s.config["model"]["layers"].begin(), Json{{"type", "flatten"}});
       },
       2, {"input_shape"}},
      {"config crash", "input_shape of 10^15 features",
       [](Scene& s) { s.config["model"]["input_shape"] = {1000000000000000ull}; }, 2, {"input_shape"}},
      {"config crash", "dense units of 2^40",
       [](Scene& s) { s.config["model"]["layers"][0]["units"] = 1099511627776ull; }, 2, {"units"}},
      {"config crash", "input_shape [0]", [](Scene& s) { s.config["model"]["input_shape"] = {0}; }, 2,
       {"input_shape"}},
      {"config crash", "units 0", [](Scene& s) { s.config["model"]["layers"][0]["units"] = 0; }, 2, {"units"}},
      {"config crash", "epochs -1", [](Scene& s) { s.config["fit"]["epochs"] = -1; }, 2, {"epochs"}},
      {"config crash", "epochs 1e300", [](Scene& s) { s.config["fit"]["epochs"] = 1e300; }, 2, {"epochs"}},
      {"config crash", "batch_size 0", [](Scene& s) { s.config["fit"]["batch_size"] = 0; }, 2, {"batch_size"}},
      {"config crash", "initial_epoch not below epochs", [](Scene& s) { s.config["fit"]["initial_epoch"] = 1; }, 2,
       {"initial_epoch"}},
      {"config crash", "seed -5", [](Scene& s) { s.config["seed"] = -5; }, 2, {"seed"}},
      {"config crash", "threads 0", [](Scene& s) { s.config["threads"] = 0; }, 2, {"threads"}},
      {"config crash", "the config is a JSON array", [](Scene& s) { s.raw_config = "[1, 2]"; }, 2, {"config"}},
      {"config crash", "an empty config file", [](Scene& s) { s.raw_config.assign(1, ' '); }, 2, {"config.json"}},
      {"config crash", "invalid UTF-8 in a key",
       [](Scene& s) {
         s.raw_config = s.config.dump();
         s.raw_config.insert(1, "\"\xff\xfe\": 1,");
       },
       2, {"config.json"}},
      {"config crash", "dropout rate 1.5",
       [](Scene& s) {
         s.config["model"]["layers"].insert(s.config["model"]["layers"].begin() + 1, Json{{"type", "dropout"}, {"rate", 1.5}});
       },
       2, {"rate"}},
      {"config crash", "validation_split 1.0", [](Scene& s) { s.config["data"]["validation_split"] = 1.0; }, 2,
       {"validation_split"}},
      {"config crash", "learning_rate as a string",
       [](Scene& s) { s.config["compile"]["optimizer"]["learning_rate"] = "fast"; }, 2, {"learning_rate"}},
      {"config crash", "a layer that is a number", [](Scene& s) { s.config["model"]["layers"][0] = 7; }, 2,
       {"layers"}},
  };
}

std::vector<Case> memory_amplification() {
  return {
      {"memory", "gzip trailer claiming 4 GB",
       [](Scene& s) {
         write_good_idx(s);
         std::string packed = gzip(read_file(s / "images.idx"));
         packed.replace(packed.size() - 4, 4, bytes_le(0xFFFFFFF0u, 4));
         write_file(s / "images.gz", packed);
         use_idx(s, "images.gz", "labels.idx");
       },
       2, {"images.gz"}},
      {"memory", "gzip bomb: an IDX header declaring 40 GB, then zeros",
       [](Scene& s) {
         write_good_idx(s);
         write_file(s / "bomb.gz", gzip(idx_header({100000, 100000}, 0x0D) + std::string(8 << 20, '\0')));
         use_idx(s, "bomb.gz", "labels.idx");
       },
       2, {"bomb.gz"}},
      // 16 MB: above every plugin file (up to 5 MB in a sanitizer build), below the 24 MB the bomb declares.
      {"memory", "gzip bomb within the deflate ratio but over NNPLUG_MAX_INPUT_BYTES",
       [](Scene& s) {
         write_good_idx(s);
         write_file(s / "bomb.gz", gzip(idx_header({60, 400000}) + std::string(60 * 400000, '\0')));
         use_idx(s, "bomb.gz", "labels.idx");
         s.environment.push_back("NNPLUG_MAX_INPUT_BYTES=16000000");
       },
       2, {"bomb.gz"}},
      {"memory", "IDX header declaring 2^31 x 2^31 items, uncompressed",
       [](Scene& s) {
         write_good_idx(s);
         write_file(s / "huge.idx", idx_header({0x7FFFFFFF, 0x7FFFFFFF}) + std::string(64, '\0'));
         use_idx(s, "huge.idx", "labels.idx");
       },
       2, {"huge.idx"}},
      {"memory", "npz whose zip directory claims a 4 GB member",
       [](Scene& s) {
         const std::string member = npy_header("(4, 16)") + std::string(4 * 16 * 4, '\0');
         write_zip(s / "claim.npz", {{"dense/kernel.npy", member}}, false);
         patch_u32(s / "claim.npz", std::uint32_t(member.size()), 0xFFFFFFF0u, 4);
         initial_weights(s, "claim.npz");
       },
       2, {"claim.npz"}},
      {"memory", "npz deflate bomb: a member declaring 16 GB of floats",
       [](Scene& s) {
         write_zip(s / "bomb.npz", {{"dense/kernel.npy", npy_header("(4000000000,)") + std::string(16 << 20, '\0')}},
                   true);
         initial_weights(s, "bomb.npz");
       },
       2, {"bomb.npz"}},
      {"memory", "npy header shape of 10^12 floats, stored",
       [](Scene& s) {
         write_zip(s / "shape.npz", {{"dense/kernel.npy", npy_header("(1000000000000,)") + std::string(64, '\0')}},
                   false);
         initial_weights(s, "shape.npz");
       },
       2, {"shape.npz"}},
      {"memory", "/dev/zero as the training CSV", [](Scene& s) { set_train_path(s, "/dev/zero"); }, 2,
       {"/dev/zero"}},
      {"memory", "/dev/zero as initial_weights", [](Scene& s) { initial_weights(s, "/dev/zero"); }, 2,
       {"/dev/zero"}},
      {"memory", "/dev/zero as IDX images",
       [](Scene& s) {
         write_good_idx(s);
         use_idx(s, "/dev/zero", "labels.idx");
       },
       2, {"/dev/zero"}},
      {"memory", "forged .so: ELF magic with a section table claiming 65535 entries",
       [](Scene& s) {
         std::string elf = std::string("\x7f" "ELF\x02\x01\x01", 7) + std::string(9, '\0');
         elf += bytes_le(3, 2) + bytes_le(62, 2) + bytes_le(1, 4) + bytes_le(0, 8) + bytes_le(0, 8) +
                bytes_le(0x7FFFFFFFFFFF, 8) + bytes_le(0, 4) + bytes_le(64, 2) + bytes_le(56, 2) + bytes_le(0, 2) +
                bytes_le(64, 2) + bytes_le(65535, 2) + bytes_le(65534, 2);
         write_file(s / "forged" / "forged.so", elf + std::string(256, '\0'));
         fs::permissions(s / "forged", fs::perms(0755));
         s.args.insert(s.args.end(), {"--plugins", (s / "forged").string()});
       },
       0, {"forged.so"}, 1, false},
  };
}

std::vector<Case> hangs() {
  return {
      {"hang", "a FIFO as the config", [](Scene& s) { s.args = {"train", "fifo.json", "--overwrite"}; make_fifo(s / "fifo.json"); },
       2, {"fifo.json"}},
      {"hang", "a FIFO as the training CSV",
       [](Scene& s) {
         make_fifo(s / "fifo.csv");
         set_train_path(s, "fifo.csv");
       },
       2, {"fifo.csv"}},
      {"hang", "a FIFO as IDX labels",
       [](Scene& s) {
         write_good_idx(s);
         make_fifo(s / "labels.fifo");
         use_idx(s, "images.idx", "labels.fifo");
       },
       2, {"labels.fifo"}},
      {"hang", "a FIFO as initial_weights",
       [](Scene& s) {
         make_fifo(s / "w.npz");
         initial_weights(s, "w.npz");
       },
       2, {"w.npz"}},
      {"hang", "a FIFO named like a plugin in a plugin directory",
       [](Scene& s) {
         make_fifo(s / "fifoplugins" / "stuck.so");
         fs::permissions(s / "fifoplugins", fs::perms(0755));
         s.args.insert(s.args.end(), {"--plugins", (s / "fifoplugins").string()});
       },
       0, {"stuck.so"}, 1, false},
      {"hang", "a FIFO as a plugin directory's defaults.json",
       [](Scene& s) {
         make_fifo(s / "fifodefaults" / "defaults.json");
         fs::permissions(s / "fifodefaults", fs::perms(0755));
         s.args.insert(s.args.end(), {"--plugins", (s / "fifodefaults").string()});
       },
       0, {"defaults.json"}, 1, false},
      {"hang", "--threads 10000", [](Scene& s) { s.args.insert(s.args.end(), {"--threads", "10000"}); }, 2,
       {"--threads"}},
      {"hang", "threads 100000 in the config", [](Scene& s) { s.config["threads"] = 100000; }, 2, {"threads"}},
      {"hang", "a directory as the config", [](Scene& s) { fs::create_directories(s / "cfgdir"); s.args = {"train", "cfgdir"}; },
       2, {"cfgdir"}},
      {"hang", "/dev/stdin (empty) as the training CSV", [](Scene& s) { set_train_path(s, "/dev/stdin"); }, 2,
       {"/dev/stdin"}},
  };
}

std::vector<Case> silent_wrong_results() {
  return {
      {"silent", "word labels first seen in another order in train and test",
       [](Scene& s) { word_label_data(s, {"virginica", "setosa", "versicolor"}, {"versicolor", "virginica", "setosa"}); },
       0, {}, 0, false, test_accuracy_high},
      {"silent", "word labels in another order in the validation file",
       [](Scene& s) {
         word_label_data(s, {"versicolor", "setosa", "virginica"}, {"setosa", "virginica", "versicolor"});
         s.config["data"].erase("validation_split");
         s.config["data"]["validation"] = s.config["data"]["test"];
       },
       0, {}, 0, false,
       [](const Scene& scene, const LimitedResult&) {
         const std::string history = read_file(scene / "out" / "history.csv");
         const auto last = history.substr(history.rfind('\n', history.size() - 2) + 1);
         // Columns: epoch,accuracy,learning_rate,loss,val_accuracy,val_loss.
         std::vector<std::string> cells;
         std::size_t start = 0;
         for (std::size_t end; (end = last.find_first_of(",\n", start)) != std::string::npos; start = end + 1)
           cells.push_back(last.substr(start, end - start));
         REQUIRE(cells.size() == 6);
         CHECK(std::stod(cells[4]) > 0.9);
       }},
      {"silent", "a test label that the training data never had",
       [](Scene& s) {
         word_label_data(s, {"setosa"}, {"setosa"});
         std::string test = read_file(s / "words_test.csv");
         test += "1.0,1.0,daisy\n";
         write_file(s / "words_test.csv", test);
       },
       2, {"daisy"}},
      {"silent", "numeric training labels, word test labels",
       [](Scene& s) {
         write_file(s / "test.csv", "x0,x1,x2,x3,label\n1,2,3,4,cat\n");
       },
       2, {"test.csv"}},
      {"silent", "a duplicate key in fit", [](Scene& s) {
         s.raw_config = s.config.dump();
         s.raw_config.replace(s.raw_config.find("\"epochs\":1"), 10, "\"epochs\":1,\"epochs\":5");
       },
       2, {"epochs"}},
      {"silent", "a duplicate top-level key",
       [](Scene& s) {
         s.raw_config = s.config.dump();
         s.raw_config.insert(s.raw_config.size() - 1, ",\"seed\":99");
       },
       2, {"seed"}},
      {"silent", "a duplicate key in the optimizer's parameters",
       [](Scene& s) {
         s.raw_config = s.config.dump();
         s.raw_config.replace(s.raw_config.find("\"learning_rate\":0.01"), 20,
                              "\"learning_rate\":0.01,\"learning_rate\":100");
       },
       2, {"learning_rate"}},
  };
}

std::vector<Case> bad_files() {
  return {
      {"bad file", "a ragged CSV row",
       [](Scene& s) { write_file(s / "blobs.csv", "x0,x1,x2,x3,label\n1,2,3,4,0\n1,2,0\n"); }, 2, {"blobs.csv"}},
      {"bad file", "NaN in a CSV feature",
       [](Scene& s) { write_file(s / "blobs.csv", "x0,x1,x2,x3,label\n1,2,nan,4,0\n1,2,3,4,1\n"); }, 2,
       {"blobs.csv"}},
      {"bad file", "a truncated IDX file",
       [](Scene& s) {
         write_good_idx(s);
         const std::string images = read_file(s / "images.idx");
         write_file(s / "images.idx", images.substr(0, images.size() / 2));
         use_idx(s, "images.idx", "labels.idx");
       },
       2, {"images.idx"}},
      {"bad file", "IDX labels for fewer items than images",
       [](Scene& s) {
         write_good_idx(s);
         write_file(s / "labels.idx", idx_header({10}) + std::string(10, '\1'));
         use_idx(s, "images.idx", "labels.idx");
       },
       2, {"labels"}},
      {"bad file", "initial_weights that are not a zip",
       [](Scene& s) {
         write_file(s / "w.npz", "hello");
         initial_weights(s, "w.npz");
       },
       2, {"w.npz"}},
      {"bad file", "initial_weights of the wrong shapes",
       [](Scene& s) {
         write_npz(s / "w.npz", {{"dense/kernel", {3, 16}, std::vector<float>(48)}});
         initial_weights(s, "w.npz");
       },
       2, {"w.npz"}},
      {"bad file", "a truncated weights file",
       [](Scene& s) {
         const std::string weights = read_file(s / "out" / "weights.npz");
         write_file(s / "w.npz", weights.substr(0, weights.size() - 40));
         initial_weights(s, "w.npz");
       },
       2, {"w.npz"}},
      {"bad file", "a missing test file", [](Scene& s) { s.config["data"]["test"]["path"] = "gone.csv"; }, 2,
       {"gone.csv"}},
  };
}

}  // namespace

TEST_CASE("fault matrix: crashes from config values", "[cli][fault_matrix]") { run_all(config_crashes()); }
TEST_CASE("fault matrix: memory amplification", "[cli][fault_matrix]") { run_all(memory_amplification()); }
TEST_CASE("fault matrix: hangs", "[cli][fault_matrix]") { run_all(hangs()); }
TEST_CASE("fault matrix: silent wrong results", "[cli][fault_matrix]") { run_all(silent_wrong_results()); }
TEST_CASE("fault matrix: bad data and weights files", "[cli][fault_matrix]") { run_all(bad_files()); }
