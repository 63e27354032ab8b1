#pragma once
// RFC 6901 JSON pointers, the one way an error names a place in a config file
// ("/compile/optimizer/beta_1", "/model/layers/0/units"; "" is the whole document).
#include <string>
#include <string_view>

namespace nnplug {

// "~" and "/" inside a key are escaped as "~0" and "~1".
inline std::string pointer_token(std::string_view key) {
  std::string out;
  for (const char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

inline std::string pointer_to(std::string_view parent, std::string_view key) {
  return std::string(parent) + "/" + pointer_token(key);
}

inline std::string pointer_to(std::string_view parent, std::size_t index) {
  return std::string(parent) + "/" + std::to_string(index);
}

}  // namespace nnplug
