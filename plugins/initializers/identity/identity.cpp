// gain * I: ones on the main diagonal of a (rows, cols) matrix, rectangular allowed.

#include <nnplug/sdk/initializer.hpp>

#include <stdexcept>

namespace {

class Identity final : public nnplug::Initializer {
 public:
  explicit Identity(const nnplug::Params& params) : gain_(static_cast<float>(params.number("gain"))) {}

  void fill(nnplug::ArrayMap values, nnplug::ShapeView shape, nnplug::Rng&) const override {
    if (shape.size() != 2)
      throw std::invalid_argument("identity fills only rank-2 (matrix) tensors; got shape " +
                                  nnplug::shape_text(shape) + " of rank " + std::to_string(shape.size()));
    nnplug::as_matrix(values, shape).setIdentity();
    values *= gain_;
  }

 private:
  float gain_;
};

}  // namespace

NNPLUG_PLUGIN(Identity, ::nnplug::Kind::initializer, "identity", "Identity,IdentityInitializer", "1.0.0",
              "gain times the identity matrix (rank 2 only)",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "gain": {"type": "number", "default": 1.0, "description": "the value on the diagonal"}}})json")
