// He uniform: U[-limit, limit) with limit = sqrt(6 / fan_in); the factor 2 over LeCun makes up for
// ReLU zeroing half of its inputs.
#include "../variance_scaling.hpp"

namespace {

using namespace nnplug::variance_scaling;

class HeUniform final : public PresetInitializer {
 public:
  explicit HeUniform(const nnplug::Params& params)
      : PresetInitializer({2.0, Mode::fan_in, Distribution::uniform}, params) {}
};

}  // namespace

NNPLUG_PLUGIN(HeUniform, ::nnplug::Kind::initializer, "he_uniform", "HeUniform", "1.0.0",
              "uniform in +-sqrt(6 / fan_in) (He uniform, for ReLU layers)",
              NNPLUG_PRESET_SCHEMA)
