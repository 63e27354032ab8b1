// Glorot (Xavier) uniform: U[-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)),
// which keeps the activations' variance about constant across layers (Keras default kernel).
#include <nnplug/sdk/initializer.hpp>

#include <cmath>

namespace {

class GlorotUniform final : public nnplug::Initializer {
 public:
  explicit GlorotUniform(const nnplug::Params& params) : draws_(params) {}

  void fill(nnplug::ArrayMap values, const nnplug::Shape& shape, nnplug::Rng& rng) const override {
    const nnplug::Fans fans = nnplug::compute_fans(shape);
    const double limit = std::sqrt(6.0 / (fans.in + fans.out));
    draws_.with(rng, [&](nnplug::Rng& stream) {
      for (auto& value : values) value = static_cast<float>(stream.uniform(-limit, limit));
    });
  }

 private:
  nnplug::SeededDraws draws_;
};

}  // namespace

NNPLUG_PLUGIN(GlorotUniform, ::nnplug::Kind::initializer, "glorot_uniform", "GlorotUniform",
              "uniform in +-sqrt(6 / (fan_in + fan_out)) (Glorot/Xavier uniform)",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "seed": {"type": ["integer", "null"], "default": null, "minimum": 0,
           "description": "fixed seed: every call gives the same values; null draws from the model's random stream"}}})json")
