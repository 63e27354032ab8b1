// LeCun uniform: U[-limit, limit) with limit = sqrt(3 / fan_in), variance 1 / fan_in.
#include "../variance_scaling.hpp"

namespace {

using namespace nnplug::variance_scaling;

class LecunUniform final : public PresetInitializer {
 public:
  explicit LecunUniform(const nnplug::Params& params)
      : PresetInitializer({1.0, Mode::fan_in, Distribution::uniform}, params) {}
};

}  // namespace

NNPLUG_PLUGIN(LecunUniform, ::nnplug::Kind::initializer, "lecun_uniform", "LecunUniform", "1.0.0",
              "uniform in +-sqrt(3 / fan_in) (LeCun uniform)",
              NNPLUG_PRESET_SCHEMA)
