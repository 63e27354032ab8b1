// L2 (ridge, weight decay) penalty: l2 * sum x^2, with no 1/2 as in Keras.
#include "../penalty_terms.hpp"

namespace {

class L2 final : public nnplug::Regularizer {
 public:
  explicit L2(const nnplug::Params& params) : term_{params.number("l2")} {}
  double penalty(nnplug::ConstArrayMap x, nnplug::ShapeView) const override { return term_.value(x); }
  void add_gradient(nnplug::ConstArrayMap x, nnplug::ShapeView, nnplug::ArrayMap gradient,
                    float scale) const override {
    term_.add_gradient(x, gradient, scale);
  }

 private:
  nnplug::penalty::L2 term_;
};

}  // namespace

NNPLUG_PLUGIN(L2, ::nnplug::Kind::regularizer, "l2", "L2", "1.0.0", "l2 * sum(x^2)",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "l2": {"type": "number", "default": 0.01, "minimum": 0, "description": "factor of the sum of squares (no 1/2)"}}})json")
