// LeCun normal: a normal truncated at 2 sigma whose standard deviation, after the truncation, is
// sqrt(1 / fan_in), the initialisation self-normalising (SELU) networks assume.
#include "../variance_scaling.hpp"

namespace {

using namespace nnplug::variance_scaling;

class LecunNormal final : public PresetInitializer {
 public:
  explicit LecunNormal(const nnplug::Params& params)
      : PresetInitializer({1.0, Mode::fan_in, Distribution::truncated_normal}, params) {}
};

}  // namespace

NNPLUG_PLUGIN(LecunNormal, ::nnplug::Kind::initializer, "lecun_normal", "LecunNormal", "1.0.0",
              "truncated normal with std sqrt(1 / fan_in) (LeCun normal, for SELU)",
              NNPLUG_PRESET_SCHEMA)
