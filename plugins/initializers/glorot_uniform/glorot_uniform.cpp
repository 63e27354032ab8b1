// Glorot (Xavier) uniform: U[-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)), which keeps
// the activations' variance about constant across layers (Keras's default kernel initializer).
#include "../variance_scaling.hpp"

namespace {

using namespace nnplug::variance_scaling;

class GlorotUniform final : public PresetInitializer {
 public:
  explicit GlorotUniform(const nnplug::Params& params)
      : PresetInitializer({1.0, Mode::fan_avg, Distribution::uniform}, params) {}
};

}  // namespace

NNPLUG_PLUGIN(GlorotUniform, ::nnplug::Kind::initializer, "glorot_uniform", "GlorotUniform", "1.0.0",
              "uniform in +-sqrt(6 / (fan_in + fan_out)) (Glorot/Xavier uniform; Keras's default kernel)",
              NNPLUG_PRESET_SCHEMA)
