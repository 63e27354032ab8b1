// L1 (lasso) penalty: l1 * sum |x|, which pushes weights to exactly zero.
#include "../penalty_terms.hpp"

namespace {

class L1 final : public nnplug::Regularizer {
 public:
  explicit L1(const nnplug::Params& params) : term_{params.number("l1")} {}
  double penalty(nnplug::ConstArrayMap x, nnplug::ShapeView) const override { return term_.value(x); }
  void add_gradient(nnplug::ConstArrayMap x, nnplug::ShapeView, nnplug::ArrayMap gradient,
                    float scale) const override {
    term_.add_gradient(x, gradient, scale);
  }

 private:
  nnplug::penalty::L1 term_;
};

}  // namespace

NNPLUG_PLUGIN(L1, ::nnplug::Kind::regularizer, "l1", "L1", "1.0.0", "l1 * sum(|x|)",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "l1": {"type": "number", "default": 0.01, "minimum": 0, "description": "factor of the sum of absolute values"}}})json")
