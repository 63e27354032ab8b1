// @NAME@: an nnplug regularizer. As scaffolded it is an L2 penalty,
//   penalty = factor * sum(x^2),   gradient += scale * 2 * factor * x
// replace penalty() and add_gradient() with your own.
#include <nnplug/sdk/regularizer.hpp>

namespace {

class @CLASS@ final : public nnplug::Regularizer {
 public:
  explicit @CLASS@(const nnplug::Params& params) : factor_(static_cast<float>(params.number("factor"))) {}

  double penalty(nnplug::ConstArrayMap x, nnplug::ShapeView) const override {
    return double(factor_) * x.cast<double>().square().sum();
  }
  // Adds (never overwrites): the gradient already holds the loss's part.
  void add_gradient(nnplug::ConstArrayMap x, nnplug::ShapeView, nnplug::ArrayMap gradient, float scale) const override {
    gradient += (scale * 2.0f * factor_) * x;
  }

 private:
  float factor_;
};

}  // namespace

NNPLUG_PLUGIN(@CLASS@, nnplug::Kind::regularizer, "@NAME@", "@CLASS@", "0.1.0",
              "@NAME@: factor * sum of squares (scaffolded by nnplug new)", R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "factor": {"type": "number", "minimum": 0, "default": 0.01, "description": "weight of the penalty"}
  }
})json")
