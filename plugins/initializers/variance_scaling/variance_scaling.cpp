// Keras's VarianceScaling with every choice open: variance scale / n, n = fan_in, fan_out or
// their mean, drawn from a truncated normal (std corrected for the truncation), a plain
// normal or a uniform distribution.
#include "../variance_scaling.hpp"

#include <string>

namespace {

using namespace nnplug::variance_scaling;

Mode mode_named(const std::string& name) {
  if (name == "fan_out") return Mode::fan_out;
  if (name == "fan_avg") return Mode::fan_avg;
  return Mode::fan_in;  // the schema allows nothing else
}

// Keras maps "normal" to "truncated_normal".
Distribution distribution_named(const std::string& name) {
  if (name == "untruncated_normal") return Distribution::untruncated_normal;
  if (name == "uniform") return Distribution::uniform;
  return Distribution::truncated_normal;
}

Preset preset_from(const nnplug::Params& params) {
  return {params.number("scale"), mode_named(params.text("mode")), distribution_named(params.text("distribution"))};
}

class VarianceScaling final : public PresetInitializer {
 public:
  explicit VarianceScaling(const nnplug::Params& params) : PresetInitializer(preset_from(params), params) {}
};

}  // namespace

NNPLUG_PLUGIN(VarianceScaling, ::nnplug::Kind::initializer, "variance_scaling", "VarianceScaling", "1.0.0",
              "variance scale / fan, from a truncated normal, a normal or a uniform distribution",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "scale": {"type": "number", "default": 1.0, "exclusiveMinimum": 0,
            "description": "the variance is scale / max(1, n)"},
  "mode": {"type": "string", "default": "fan_in", "enum": ["fan_in", "fan_out", "fan_avg"],
           "description": "n: the fan in, the fan out, or their mean (Keras's compute_fans)"},
  "distribution": {"type": "string", "default": "truncated_normal",
                   "enum": ["truncated_normal", "untruncated_normal", "uniform", "normal"],
                   "description": "truncated_normal: redrawn beyond 2 sigma, sigma = sqrt(scale / n) / 0.87962566103423978 so the result's std is sqrt(scale / n) (\"normal\" means this too, as in Keras); untruncated_normal: N(0, scale / n); uniform: U[-sqrt(3 scale / n), sqrt(3 scale / n))"},
  )json" NNPLUG_SEED_PROPERTY "}}")
