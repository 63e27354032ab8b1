// All ones.
#include <nnplug/sdk/initializer.hpp>

namespace {

class Ones final : public nnplug::Initializer {
 public:
  explicit Ones(const nnplug::Params&) {}
  void fill(nnplug::ArrayMap values, nnplug::ShapeView, nnplug::Rng&) const override { values.setOnes(); }
};

}  // namespace

NNPLUG_PLUGIN(Ones, ::nnplug::Kind::initializer, "ones", "one,Ones", "1.0.0", "all values 1",
              R"json({"type": "object", "additionalProperties": false, "properties": {}})json")
