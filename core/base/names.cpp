#include <nnplug/base/error.hpp>
#include <nnplug/base/names.hpp>

#include <cctype>

namespace nnplug {

std::string normalize_name(std::string_view name) {
  if (name.empty()) throw Error("a plugin name is empty; write a name such as 'adam' or 'glorot_uniform'");
  if (name.find_first_of("/\\.") != std::string_view::npos)
    throw Error("'" + std::string(name) +
                "' is a path, not a plugin name; put the library in a directory given with --plugins or "
                "NNPLUG_PLUGIN_PATH and refer to it by its name");
  return fold_name(name);
}

std::string fold_name(std::string_view name) {
  std::string out;
  for (const char c : name)
    if (c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace nnplug
