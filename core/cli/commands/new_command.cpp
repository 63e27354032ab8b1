// nnplug new KIND NAME [DIR]: writes a plugin project that builds against the installed
// SDK, passes test-plugin and trains as written. The files come from sdk/templates/,
// compiled into the host (cmake/nnplug_templates.cmake).
#include "../cli.hpp"

#include <nnplug/base/files.hpp>

#include <fstream>
#include <iostream>
#include <regex>

namespace nnplug::cli {
namespace fs = std::filesystem;

const std::vector<std::pair<std::string_view, std::string_view>>& embedded_templates();

namespace {

std::string camel_case(const std::string& snake) {
  std::string out;
  bool upper = true;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? char(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string substituted(std::string text, const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [key, value] : values)
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  return text;
}

// Where the scaffolded test's training run uses the plugin, by kind.
Json training_config(const std::string& base, Kind kind, const std::string& name) {
  Json config = Json::parse(base);
  auto& layer = config["model"]["layers"][0];
  switch (kind) {
    case Kind::optimizer: config["compile"]["optimizer"] = {{"name", name}, {"learning_rate", 0.05}}; break;
    case Kind::regularizer: layer["kernel_regularizer"] = name; break;
    case Kind::initializer: layer["kernel_initializer"] = name; break;
    case Kind::schedule: config["compile"]["optimizer"]["learning_rate"] = {{"name", name}}; break;
    case Kind::callback: config["fit"]["callbacks"] = Json::array({{{"name", name}}}); break;
  }
  return config;
}

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw Error("new: cannot write " + path.string() + "; check that the directory is writable");
}

}  // namespace

int new_plugin(const Command& command) {
  if (command.arguments.size() != 2 && command.arguments.size() != 3)
    throw Error("nnplug new takes KIND NAME [DIR]\n" + usage_text());
  const std::string& kind_text = command.arguments[0];
  const auto kind = kind_from_name(kind_text);
  if (!kind) throw Error("new: unknown kind '" + kind_text + "'; use one of " + kinds_text());
  const std::string& name = command.arguments[1];
  if (!std::regex_match(name, std::regex("[a-z][a-z0-9_]*")))
    throw Error("new: '" + name + "' is not a plugin name; use snake_case: a lowercase letter, then letters, digits, _");
  const fs::path dir = command.arguments.size() == 3 ? fs::path(command.arguments[2]) : fs::path(name);
  if (fs::exists(dir) && !(fs::is_directory(dir) && fs::is_empty(dir)))
    throw Error("new: " + dir.string() + " already exists and is not empty; give a new DIR");

  const std::vector<std::pair<std::string, std::string>> values{
      {"@NAME@", name}, {"@CLASS@", camel_case(name)}, {"@KIND@", kind_name(*kind)}};
  const std::string kind_source = std::string(kind_name(*kind)) + "/plugin.cpp";
  for (const auto& [file, content] : embedded_templates()) {
    const fs::path relative(file);
    const std::string text = substituted(std::string(content), values);
    if (file == kind_source) write_text(dir / (name + ".cpp"), text);
    else if (file == "common/test/train.json") write_text(dir / "test/train.json", training_config(text, *kind, name).dump(2) + "\n");
    else if (*relative.begin() == "common") write_text(dir / relative.lexically_relative("common"), text);
  }
  std::cout << "wrote the " << kind_name(*kind) << " plugin project '" << name << "' in " << dir.string() << "\n"
            << "next: cmake -S " << dir.string() << " -B " << (dir / "build").string()
            << " -DCMAKE_PREFIX_PATH=<nnplug's prefix> && cmake --build " << (dir / "build").string()
            << " && ctest --test-dir " << (dir / "build").string() << "\n";
  return 0;
}

}  // namespace nnplug::cli
