// L1 + L2 (elastic net) penalty. Unspecified factors are 0.01 each, the documented
// meaning of "l1_l2" (Keras 3's class defaults of 0 would make the name a no-op).
#include "../penalty_terms.hpp"

namespace {

class L1L2 final : public nnplug::Regularizer {
 public:
  explicit L1L2(const nnplug::Params& params) : l1_{params.number("l1")}, l2_{params.number("l2")} {}
  double penalty(nnplug::ConstArrayMap x) const override { return l1_.value(x) + l2_.value(x); }
  void add_gradient(nnplug::ConstArrayMap x, nnplug::ArrayMap gradient, float scale) const override {
    l1_.add_gradient(x, gradient, scale);
    l2_.add_gradient(x, gradient, scale);
  }

 private:
  nnplug::penalty::L1 l1_;
  nnplug::penalty::L2 l2_;
};

}  // namespace

NNPLUG_PLUGIN(L1L2, ::nnplug::Kind::regularizer, "l1_l2", "l1l2,L1L2", "l1 * sum(|x|) + l2 * sum(x^2)",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "l1": {"type": "number", "default": 0.01, "minimum": 0, "description": "factor of the sum of absolute values"},
  "l2": {"type": "number", "default": 0.01, "minimum": 0, "description": "factor of the sum of squares"}}})json")
