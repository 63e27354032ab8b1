// N(mean, stddev^2) with every draw beyond mean +- 2 stddev drawn again (not clipped), as
// Keras: the result's standard deviation is about 0.88 stddev.
#include "../random_draws.hpp"

namespace {

class TruncatedNormal final : public nnplug::Initializer {
 public:
  explicit TruncatedNormal(const nnplug::Params& params)
      : mean_(params.number("mean")), stddev_(params.number("stddev")), draws_(params) {}

  void fill(nnplug::ArrayMap values, nnplug::ShapeView, nnplug::Rng& rng) const override {
    draws_.with(rng, [&](nnplug::Rng& stream) { nnplug::draws::truncated_normal(values, stream, mean_, stddev_); });
  }

 private:
  double mean_;
  double stddev_;
  nnplug::SeededDraws draws_;
};

}  // namespace

NNPLUG_PLUGIN(TruncatedNormal, ::nnplug::Kind::initializer, "truncated_normal", "TruncatedNormal", "1.0.0",
              "normal N(mean, stddev^2) redrawn beyond 2 standard deviations",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "mean": {"type": "number", "default": 0.0, "description": "mean of the values (and centre of the truncation)"},
  "stddev": {"type": "number", "default": 0.05, "minimum": 0,
             "description": "standard deviation of the normal before truncation; values stay within mean +- 2 stddev"},
  )json" NNPLUG_SEED_PROPERTY "}}")
