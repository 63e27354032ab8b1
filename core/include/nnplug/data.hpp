#pragma once
// Loading training data: CSV and IDX (MNIST's format, plain or gzip), and turning
// integer class labels into what a loss needs.
#include <nnplug/sdk/tensor.hpp>

#include <filesystem>
#include <string>

namespace nnplug {

struct Dataset {
  Matrix x;  // samples x features
  Matrix y;  // samples x 1 (class index or regression target) as loaded
};

// A CSV file with a header row. `label_column` names the target column; every other
// column is a numeric feature. Errors name the file, line and column.
Dataset load_csv(const std::filesystem::path& path, const std::string& label_column);

// One IDX file (ubyte/sbyte/short/int/float/double element types, any rank); gzip is
// detected by its magic bytes, not the file name. Returns items x (product of the
// remaining dimensions), e.g. 60000 x 784 for MNIST images, 60000 x 1 for labels.
Matrix load_idx(const std::filesystem::path& path);

// images + labels, checked to have the same number of items.
Dataset load_idx_pair(const std::filesystem::path& images, const std::filesystem::path& labels);

// Labels (n x 1, integers in [0, classes)) -> n x classes one-hot. An Error names the
// first bad row and `what` (e.g. the file) when a label is not such an integer.
Matrix one_hot(const Matrix& labels, std::size_t classes, const std::string& what);

}  // namespace nnplug
