// N(mean, stddev^2), untruncated.
#include "../random_draws.hpp"

namespace {

class RandomNormal final : public nnplug::Initializer {
 public:
  explicit RandomNormal(const nnplug::Params& params)
      : mean_(params.number("mean")), stddev_(params.number("stddev")), draws_(params) {}

  void fill(nnplug::ArrayMap values, nnplug::ShapeView, nnplug::Rng& rng) const override {
    draws_.with(rng, [&](nnplug::Rng& stream) { nnplug::draws::normal(values, stream, mean_, stddev_); });
  }

 private:
  double mean_;
  double stddev_;
  nnplug::SeededDraws draws_;
};

}  // namespace

NNPLUG_PLUGIN(RandomNormal, ::nnplug::Kind::initializer, "random_normal", "normal,RandomNormal", "1.0.0",
              "normal distribution N(mean, stddev^2)",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "mean": {"type": "number", "default": 0.0, "description": "mean of the values"},
  "stddev": {"type": "number", "default": 0.05, "minimum": 0, "description": "standard deviation of the values"},
  )json" NNPLUG_SEED_PROPERTY "}}")
