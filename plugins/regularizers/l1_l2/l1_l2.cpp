// L1 + L2 (elastic net) penalty. Unspecified factors are 0.01 each, as Keras 2's
// l1_l2(l1=0.01, l2=0.01) and the string "l1_l2" (Keras 3's class defaults of 0 would make
// the name a no-op).
#include "../penalty_terms.hpp"

namespace {

class L1L2 final : public nnplug::Regularizer {
 public:
  explicit L1L2(const nnplug::Params& params) : l1_{params.number("l1")}, l2_{params.number("l2")} {}
  double penalty(nnplug::ConstArrayMap x, nnplug::ShapeView) const override { return l1_.value(x) + l2_.value(x); }
  void add_gradient(nnplug::ConstArrayMap x, nnplug::ShapeView, nnplug::ArrayMap gradient,
                    float scale) const override {
    l1_.add_gradient(x, gradient, scale);
    l2_.add_gradient(x, gradient, scale);
  }

 private:
  nnplug::penalty::L1 l1_;
  nnplug::penalty::L2 l2_;
};

}  // namespace

NNPLUG_PLUGIN(L1L2, ::nnplug::Kind::regularizer, "l1_l2", "l1l2,L1L2", "1.0.0", "l1 * sum(|x|) + l2 * sum(x^2)",
              R"json({"type": "object", "description": "Each factor left out is 0.01, as Keras 2's l1_l2(): {\"name\": \"l1_l2\", \"l1\": 0.0003} is l1 3e-4 plus l2 0.01 (Keras 3's L1L2 class would make the missing factor 0; give it as 0 for that).",
  "additionalProperties": false, "properties": {
  "l1": {"type": "number", "default": 0.01, "minimum": 0, "description": "factor of the sum of absolute values; 0.01 when left out"},
  "l2": {"type": "number", "default": 0.01, "minimum": 0, "description": "factor of the sum of squares (no 1/2); 0.01 when left out"}}})json")
