#include <nnplug/base/error.hpp>
#include <nnplug/base/files.hpp>
#include <nnplug/config/json_reader.hpp>
#include <nnplug/io/data/class_names.hpp>

#include <set>

namespace nnplug {

void write_class_names(const std::filesystem::path& file, const std::vector<std::string>& class_names) {
  write_text_atomically(file, Json{{"classes", class_names}}.dump(2) + "\n");
}

std::vector<std::string> read_class_names(const std::filesystem::path& file) {
  const Json json = load_json_file(file, "class names file");
  const std::string fix = "; it must be {\"classes\": [\"name of class 0\", ...]} as nnplug train writes it";
  if (!json.is_object() || !json.contains("classes") || !json["classes"].is_array())
    throw Error(file.string() + ": no \"classes\" list" + fix);
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const Json& name : json["classes"]) {
    const std::string where = file.string() + ": classes[" + std::to_string(names.size()) + "]";
    if (!name.is_string() || name.get<std::string>().empty()) throw Error(where + " is not a non-empty string" + fix);
    if (!seen.insert(name.get<std::string>()).second)
      throw Error(where + ": '" + name.get<std::string>() + "' is listed twice; each class has one index");
    names.push_back(name.get<std::string>());
  }
  return names;
}

}  // namespace nnplug
