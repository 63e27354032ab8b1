// Every value the same scalar.
#include <nnplug/sdk/initializer.hpp>

namespace {

class Constant final : public nnplug::Initializer {
 public:
  explicit Constant(const nnplug::Params& params) : value_(static_cast<float>(params.number("value"))) {}
  void fill(nnplug::ArrayMap values, nnplug::ShapeView, nnplug::Rng&) const override { values.setConstant(value_); }

 private:
  float value_;
};

}  // namespace

NNPLUG_PLUGIN(Constant, ::nnplug::Kind::initializer, "constant", "Constant", "1.0.0", "all values `value`",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "value": {"type": "number", "default": 0.0, "description": "the value of every element (a scalar)"}}})json")
