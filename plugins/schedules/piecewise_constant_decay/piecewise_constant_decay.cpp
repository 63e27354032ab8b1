// Keras's PiecewiseConstantDecay: values[0] while step <= boundaries[0], values[j] while
// boundaries[j-1] < step <= boundaries[j], values[-1] after the last boundary.
#include <nnplug/sdk/schedule.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

namespace {

class PiecewiseConstantDecay final : public nnplug::Schedule {
 public:
  explicit PiecewiseConstantDecay(const nnplug::Params& params)
      : boundaries_(params.numbers("boundaries")), values_(params.numbers("values")) {
    if (std::adjacent_find(boundaries_.begin(), boundaries_.end(), std::greater_equal<>()) != boundaries_.end())
      throw nnplug::ParamError(params.owner(), "boundaries",
                               "must be strictly increasing; got " + params.json("boundaries").dump());
    const std::size_t expected = boundaries_.size() + 1;
    if (values_.size() != expected)
      throw nnplug::ParamError(params.owner(), "values",
                               "must have one more element than 'boundaries' (" + std::to_string(expected) + "); got " +
                                   std::to_string(values_.size()) + ": " + params.json("values").dump());
  }

  double learning_rate(std::int64_t step) const override {
    // The boundaries the step is past; a step equal to a boundary still has the earlier value.
    const auto passed = std::lower_bound(boundaries_.begin(), boundaries_.end(), static_cast<double>(step));
    return values_[static_cast<std::size_t>(passed - boundaries_.begin())];
  }

 private:
  std::vector<double> boundaries_;
  std::vector<double> values_;
};

}  // namespace

NNPLUG_PLUGIN(PiecewiseConstantDecay, ::nnplug::Kind::schedule, "piecewise_constant_decay", "PiecewiseConstantDecay",
              "1.0.0", "values[j] after boundaries[j-1], up to boundaries[j] (Keras's PiecewiseConstantDecay)",
              R"json({"type": "object", "additionalProperties": false,
  "required": ["boundaries", "values"],
  "examples": [{"boundaries": [1000, 2000], "values": [0.1, 0.01, 0.001]}], "properties": {
  "boundaries": {"type": "array", "items": {"type": "integer"}, "minItems": 1, "description": "strictly increasing optimizer steps; the rate changes on the step after each (at least one, as Keras needs: a constant rate is a plain number)"},
  "values": {"type": "array", "items": {"type": "number", "minimum": 0}, "minItems": 2, "description": "the rates: values[0] up to and including boundaries[0], then one per interval; one more than boundaries"}}})json")
