// U[minval, maxval).
#include "../random_draws.hpp"

#include <string>

namespace {

class RandomUniform final : public nnplug::Initializer {
 public:
  explicit RandomUniform(const nnplug::Params& params)
      : minval_(params.number("minval")), maxval_(params.number("maxval")), draws_(params) {
    if (minval_ > maxval_)
      throw nnplug::ParamError(params.owner(), "minval",
                               "must not exceed maxval (" + nnplug::Json(maxval_).dump() + "); got " +
                                   nnplug::Json(minval_).dump());
  }

  void fill(nnplug::ArrayMap values, nnplug::ShapeView, nnplug::Rng& rng) const override {
    draws_.with(rng, [&](nnplug::Rng& stream) { nnplug::draws::uniform(values, stream, minval_, maxval_); });
  }

 private:
  double minval_;
  double maxval_;
  nnplug::SeededDraws draws_;
};

}  // namespace

NNPLUG_PLUGIN(RandomUniform, ::nnplug::Kind::initializer, "random_uniform", "uniform,RandomUniform", "1.0.0",
              "uniform distribution U[minval, maxval)",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "minval": {"type": "number", "default": -0.05, "description": "lower bound (included)"},
  "maxval": {"type": "number", "default": 0.05, "description": "upper bound (excluded); at least minval"},
  )json" NNPLUG_SEED_PROPERTY "}}")
