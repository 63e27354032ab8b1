#pragma once
// What the training-noise layers share: checking their settings and drawing keep masks
// in a noise shape.
#include <nnplug/model/layer.hpp>

#include <string>

namespace nnplug::noise {

// Throws unless 0 <= value <= high (value < high when !include_high); the message
// names the layer, its Keras class and the setting, e.g. "dropout_9: Dropout rate must be
// in [0, 1] ...".
void check_range(const std::string& layer, const std::string& setting, double value, double high, bool include_high,
                 const std::string& meaning);

// Throws when an explicit noise_shape feature count differs from the input width.
void check_fits(const std::string& layer, const NoiseShape& shape, std::size_t input_dim);

// keep(i, j) = 1 with probability 1 - rate, else 0; entries of an axis the noise shape
// shares are equal along it.
void draw_keep_mask(Matrix& keep, double rate, const NoiseShape& shape, Rng& rng);

}  // namespace nnplug::noise
