#include "noise_support.hpp"

#include <nnplug/base/error.hpp>

#include <cstdio>

namespace nnplug::noise {

void check_range(const std::string& layer, const std::string& setting, double value, double high, bool include_high,
                 const std::string& meaning) {
  const bool ok = value >= 0.0 && (include_high ? value <= high : value < high);  // false for NaN
  if (ok) return;
  char bound[32];
  std::snprintf(bound, sizeof bound, "%g%s", high, include_high ? "]" : ")");
  throw Error(layer + ": " + setting + " must be in [0, " + bound + " (" + meaning + "); got " + std::to_string(value));
}

void check_fits(const std::string& layer, const NoiseShape& shape, std::size_t input_dim) {
  if (!shape.features || *shape.features == input_dim) return;
  throw Error(layer + ": noise_shape's feature axis is " + std::to_string(*shape.features) + " but the layer's input has " +
              std::to_string(input_dim) + " features; use null (a draw per feature) or 1 (one draw shared by all features)");
}

void draw_keep_mask(Matrix& keep, double rate, const NoiseShape& shape, Rng& rng) {
  const auto draw = [&] { return rng.uniform() >= rate ? 1.0f : 0.0f; };
  if (shape.per_sample && shape.per_feature) {
    for (Eigen::Index k = 0; k < keep.size(); ++k) keep.data()[k] = draw();
  } else if (shape.per_sample) {
    for (Eigen::Index i = 0; i < keep.rows(); ++i) keep.row(i).setConstant(draw());
  } else if (shape.per_feature) {
    for (Eigen::Index j = 0; j < keep.cols(); ++j) keep(0, j) = draw();
    for (Eigen::Index i = 1; i < keep.rows(); ++i) keep.row(i) = keep.row(0);
  } else {
    keep.setConstant(draw());
  }
}

}  // namespace nnplug::noise
