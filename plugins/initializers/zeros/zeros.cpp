// All zeros: Keras's default bias initializer.
#include <nnplug/sdk/initializer.hpp>

namespace {

class Zeros final : public nnplug::Initializer {
 public:
  explicit Zeros(const nnplug::Params&) {}
  void fill(nnplug::ArrayMap values, nnplug::ShapeView, nnplug::Rng&) const override { values.setZero(); }
};

}  // namespace

NNPLUG_PLUGIN(Zeros, ::nnplug::Kind::initializer, "zeros", "zero,Zeros", "1.0.0", "all values 0",
              R"json({"type": "object", "additionalProperties": false, "properties": {}})json")
