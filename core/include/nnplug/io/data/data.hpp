#pragma once
// Loading training data: CSV and IDX (MNIST's format, plain or gzip), and turning
// integer class labels into what a loss needs.
#include <nnplug/sdk/tensor.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace nnplug {

struct Dataset {
  Matrix x;  // samples x features
  Matrix y;  // samples x 1 (class index or regression target) as loaded
  // When the labels were words ("setosa", "versicolor"), y holds class indices and
  // class_names[i] is the word for index i: the training split's distinct labels in
  // sorted (byte) order, like scikit-learn's LabelEncoder, so the mapping does not depend
  // on the order of the rows. Empty when the labels were numbers (kept as they are).
  std::vector<std::string> class_names;
};

// A CSV file with a header row. `label_column` names the target column; every other
// column is a numeric feature. Errors name the file, line and column.
// Fields are trimmed of spaces and tabs and may be quoted ("1.5", "a ""b"""); lines may
// end in \n or \r\n; blank lines are skipped; a UTF-8 byte-order mark is ignored.
// Features must be finite numbers (NaN and inf are refused: they would silently poison
// training). Labels are kept as numbers when every label is a number; otherwise each
// distinct label becomes a class index (see Dataset::class_names). This is the training
// split: it defines the classes.
Dataset load_csv(const std::filesystem::path& path, const std::string& label_column);

// A validation or test split: word labels are mapped through `training_classes` (the
// training Dataset's class_names), so index i means the same class in every split. A
// label the training split does not have is an Error naming the file, line and label.
// When `training_classes` is empty the training labels were numbers, and so must these be.
Dataset load_csv(const std::filesystem::path& path, const std::string& label_column,
                 const std::vector<std::string>& training_classes);

// One IDX file (ubyte/sbyte/short/int/float/double element types, any rank); gzip is
// detected by its magic bytes, not the file name. Returns items x (product of the
// remaining dimensions), e.g. 60000 x 784 for MNIST images, 60000 x 1 for labels.
Matrix load_idx(const std::filesystem::path& path);

// images + labels, checked to have the same number of items and one label per item.
Dataset load_idx_pair(const std::filesystem::path& images, const std::filesystem::path& labels);

// Labels (n x 1, integers in [0, classes)) -> n x classes one-hot. An Error names the
// first bad row and `what` (e.g. the file) when a label is not such an integer.
Matrix one_hot(const Matrix& labels, std::size_t classes, const std::string& what);

}  // namespace nnplug
