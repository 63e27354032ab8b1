// He normal: a normal truncated at 2 sigma whose standard deviation, after the truncation, is
// sqrt(2 / fan_in) (twice LeCun's variance, for ReLU).
#include "../variance_scaling.hpp"

namespace {

using namespace nnplug::variance_scaling;

class HeNormal final : public PresetInitializer {
 public:
  explicit HeNormal(const nnplug::Params& params)
      : PresetInitializer({2.0, Mode::fan_in, Distribution::truncated_normal}, params) {}
};

}  // namespace

NNPLUG_PLUGIN(HeNormal, ::nnplug::Kind::initializer, "he_normal", "HeNormal", "1.0.0",
              "truncated normal with std sqrt(2 / fan_in) (He normal, for ReLU layers)",
              NNPLUG_PRESET_SCHEMA)
