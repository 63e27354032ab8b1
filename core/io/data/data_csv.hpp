#pragma once
// CSV from text already read (load_csv reads the file); the fuzz targets call it directly.
#include <nnplug/io/data/data.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace nnplug {

// `training_classes` null: this is the training split and defines the classes.
Dataset parse_csv(std::string_view text, const std::string& source, const std::string& label_column,
                  const std::vector<std::string>* training_classes);

}  // namespace nnplug
