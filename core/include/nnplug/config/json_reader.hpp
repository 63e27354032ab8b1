#pragma once
// Reading JSON that a user or a plugin supplies, with the limits a hostile file needs:
// nesting deeper than max_json_depth is refused before nlohmann::json sees the text (its
// values are destroyed and printed recursively, so depth is stack), a key given twice in
// one object is refused (nlohmann would silently keep the last), and the file itself is
// read through the bounded reader (regular files only, at most max_input_bytes()).
#include <nnplug/config/json_schema.hpp>

#include <cstddef>
#include <filesystem>
#include <string>

namespace nnplug {

inline constexpr std::size_t max_json_depth = 128;

// Errors are one line, "<source>:<line>:<column>: <what>; <what to do>".
Json parse_json_document(const std::string& text, const std::string& source);

// The file parsed as above; `what` names it in errors ("config file", "class names file").
Json load_json_file(const std::filesystem::path& path, const std::string& what = "config file");

}  // namespace nnplug
