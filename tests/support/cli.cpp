#include "support/cli.hpp"

#include <nnplug/sdk/tensor.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace nnplug::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "nnplug-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

namespace {
std::string quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

CliResult run(const std::filesystem::path& program, const std::vector<std::string>& arguments,
              const std::filesystem::path& cwd, const std::vector<std::string>& environment) {
  TempDir capture;
  std::string command = "cd ";
  command.append(quote(cwd.string())).append(" && ");
  for (const auto& variable : environment) command += variable + " ";
  command += quote(program.string());
  for (const auto& argument : arguments) command.append(" ").append(quote(argument));
  command += " < /dev/null > " + quote((capture / "out").string()) + " 2> " + quote((capture / "err").string());
  const int status = std::system(command.c_str());
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(capture / "out");
  result.err = read_file(capture / "err");
  return result;
}

CliResult run_nnplug(const std::vector<std::string>& arguments, const std::filesystem::path& cwd,
                     const std::vector<std::string>& environment) {
  return run(NNPLUG_CLI, arguments, cwd, environment);
}

void copy_install(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "bin");
  std::filesystem::copy_file(NNPLUG_CLI, dir / "bin" / "nnplug");
  std::filesystem::create_directories(dir / "lib" / "nnplug");
  std::filesystem::copy(NNPLUG_TEST_PLUGIN_DIR, dir / "lib" / "nnplug" / "plugins");
}

CliResult train_installed(const std::filesystem::path& dir, const Json& config) {
  write_file(dir / "config.json", config.dump());
  return run(dir / "bin" / "nnplug", {"train", "config.json", "--overwrite"}, dir);
}

void write_blobs_csv(const std::filesystem::path& path, std::size_t samples, std::size_t features,
                     std::size_t classes, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<std::vector<double>> centers(classes, std::vector<double>(features));
  for (auto& center : centers)
    for (auto& value : center) value = rng.uniform(-3.0, 3.0);
  std::ostringstream csv;
  for (std::size_t f = 0; f < features; ++f) csv << "x" << f << ",";
  csv << "label\n";
  for (std::size_t i = 0; i < samples; ++i) {
    const std::size_t label = i % classes;
    for (std::size_t f = 0; f < features; ++f) csv << centers[label][f] + rng.normal(0.0, 0.6) << ",";
    csv << label << "\n";
  }
  write_file(path, csv.str());
}

Json blobs_config(const std::string& csv_name, std::size_t features, std::size_t classes) {
  return Json{
      {"seed", 7},
      {"threads", 1},
      {"data", {{"train", {{"format", "csv"}, {"path", csv_name}, {"label", "label"}}}, {"validation_split", 0.2}}},
      {"model",
       {{"input_shape", {features}},
        {"layers",
         Json::array({{{"type", "dense"}, {"units", 16}, {"activation", "relu"}},
                      {{"type", "dense"}, {"units", classes}, {"activation", "softmax"}}})}}},
      {"compile",
       {{"optimizer", {{"name", "adam"}, {"learning_rate", 0.01}}},
        {"loss", "categorical_crossentropy"},
        {"metrics", {"accuracy"}}}},
      {"fit", {{"epochs", 20}, {"batch_size", 32}}},
      {"output", {{"dir", "out"}}}};
}

}  // namespace nnplug::test
