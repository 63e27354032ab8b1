#include <nnplug/io/data/data.hpp>
#include <nnplug/base/error.hpp>

#include <cmath>
#include <sstream>

namespace nnplug {

Matrix one_hot(const Matrix& labels, std::size_t classes, const std::string& what) {
  if (classes == 0) throw Error(what + ": one-hot encoding needs at least 1 class, got 0");
  if (labels.cols() != 1)
    throw Error(what + ": expected one class index per row for one-hot encoding, got " + std::to_string(labels.cols()) +
                " values per row");
  Matrix encoded = Matrix::Zero(labels.rows(), static_cast<Eigen::Index>(classes));
  for (Eigen::Index row = 0; row < labels.rows(); ++row) {
    const float label = labels(row, 0);
    // The range test is written so that NaN fails it too.
    const bool in_range = label >= 0.0f && label < static_cast<float>(classes);
    if (!in_range || label != std::floor(label)) {
      std::ostringstream value;
      value << label;
      throw Error(what + ": row " + std::to_string(row + 1) + " of " + std::to_string(labels.rows()) + " has label " + value.str() +
                  ", expected an integer class index in [0, " + std::to_string(classes) +
                  "); check the number of classes (the last layer's units) and the labels");
    }
    encoded(row, static_cast<Eigen::Index>(label)) = 1.0f;
  }
  return encoded;
}

}  // namespace nnplug
