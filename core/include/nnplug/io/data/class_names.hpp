#pragma once
// The mapping from word labels to class indices, saved with a run (classes.json) so that
// a later evaluation or prediction reads labels with the same indices the model was
// trained on: {"classes": ["setosa", "versicolor", "virginica"]}, index = position.
#include <filesystem>
#include <string>
#include <vector>

namespace nnplug {

// Written atomically (nnplug/base/files.hpp).
void write_class_names(const std::filesystem::path& file, const std::vector<std::string>& class_names);

// What write_class_names wrote. Errors name the file: not JSON, no "classes" list, a
// class that is not a non-empty string, or a class listed twice.
std::vector<std::string> read_class_names(const std::filesystem::path& file);

}  // namespace nnplug
