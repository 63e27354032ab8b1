// Glorot (Xavier) normal: a normal truncated at 2 sigma whose standard deviation, after the
// truncation, is sqrt(2 / (fan_in + fan_out)).
#include "../variance_scaling.hpp"

namespace {

using namespace nnplug::variance_scaling;

class GlorotNormal final : public PresetInitializer {
 public:
  explicit GlorotNormal(const nnplug::Params& params)
      : PresetInitializer({1.0, Mode::fan_avg, Distribution::truncated_normal}, params) {}
};

}  // namespace

NNPLUG_PLUGIN(GlorotNormal, ::nnplug::Kind::initializer, "glorot_normal", "GlorotNormal", "1.0.0",
              "truncated normal with std sqrt(2 / (fan_in + fan_out)) (Glorot/Xavier normal)",
              NNPLUG_PRESET_SCHEMA)
