// @NAME@: an nnplug initializer. As scaffolded it draws uniformly from [-limit, limit];
// replace fill() with your own. Randomness comes only from the Rng it is given, so one
// seed reproduces a run everywhere.
#include <nnplug/sdk/initializer.hpp>

namespace {

class @CLASS@ final : public nnplug::Initializer {
 public:
  explicit @CLASS@(const nnplug::Params& params) : limit_(params.number("limit")) {}

  // Writes every value of a tensor of this shape (row-major, numpy order).
  void fill(nnplug::ArrayMap values, nnplug::ShapeView, nnplug::Rng& rng) const override {
    for (auto& value : values) value = static_cast<float>(rng.uniform(-limit_, limit_));
  }

 private:
  double limit_;
};

}  // namespace

NNPLUG_PLUGIN(@CLASS@, nnplug::Kind::initializer, "@NAME@", "@CLASS@", "0.1.0",
              "@NAME@: uniform in [-limit, limit] (scaffolded by nnplug new)", R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "limit": {"type": "number", "exclusiveMinimum": 0, "default": 0.05, "description": "half-width of the interval"}
  }
})json")
