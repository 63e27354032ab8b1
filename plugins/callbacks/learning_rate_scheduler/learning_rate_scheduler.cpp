// Keras's LearningRateScheduler (keras/src/callbacks/learning_rate_scheduler.py): at the
// start of every epoch the rate becomes schedule(epoch, lr). Keras takes a Python function;
// a config holds text, so here `schedule` is a formula of epoch (0-based) and lr (the
// current rate), read by muParser, e.g. "epoch < 10 ? lr : lr * exp(-0.1)".
#include "../python_format.hpp"

#include <muParser.h>
#include <nnplug/sdk/callback.hpp>

#include <cmath>
#include <stdexcept>

namespace {

using nnplug::CallbackContext;
using nnplug::Params;

constexpr const char* formula_help =
    "a formula may use epoch (0-based), lr (the current rate), numbers, + - * / ^, comparisons, && ||, "
    "condition ? a : b, and functions such as exp, log, sqrt, min, max, abs, floor, ceil, pow, fmod";

double floor_of(double x) { return std::floor(x); }
double ceil_of(double x) { return std::ceil(x); }
double pow_of(double x, double y) { return std::pow(x, y); }
double fmod_of(double x, double y) { return std::fmod(x, y); }

class LearningRateScheduler final : public nnplug::Callback {
 public:
  explicit LearningRateScheduler(const Params& params)
      : formula_(params.text("schedule")), verbose_(params.integer("verbose")) {
    try {
      parser_.DefineVar("epoch", &epoch_);
      parser_.DefineVar("lr", &lr_);
      // Python's math.floor, math.ceil, math.pow and math.fmod, which epoch schedules use.
      parser_.DefineFun("floor", floor_of);
      parser_.DefineFun("ceil", ceil_of);
      parser_.DefineFun("pow", pow_of);
      parser_.DefineFun("fmod", fmod_of);
      parser_.SetExpr(formula_);
      parser_.Eval();  // muParser parses lazily: this is where a bad formula is found
    } catch (const mu::Parser::exception_type& e) {
      throw nnplug::ParamError(params.owner(), "schedule",
                               "is the formula \"" + formula_ + "\", which muParser cannot read: " + e.GetMsg() +
                                   " (position " + std::to_string(e.GetPos()) + ", counting from 0); " + formula_help);
    }
  }

  bool sets_learning_rate() const override { return true; }

  void on_epoch_begin(int epoch, CallbackContext& context) override {
    epoch_ = epoch;
    lr_ = context.learning_rate();
    double rate = 0.0;
    try {
      rate = parser_.Eval();
    } catch (const mu::Parser::exception_type& e) {
      throw std::runtime_error(where(epoch) + " failed in muParser: " + e.GetMsg());
    }
    if (!std::isfinite(rate) || rate < 0.0)
      throw std::runtime_error(where(epoch) + " gave " + nnplug::callbacks::python_repr(rate) + " with lr = " +
                               nnplug::callbacks::python_repr(lr_) +
                               "; a learning rate must be a finite number >= 0, so fix the formula");
    context.set_learning_rate(rate);
    if (verbose_ > 0)
      context.message("Epoch " + std::to_string(epoch + 1) + ": LearningRateScheduler setting learning rate to " +
                      nnplug::callbacks::python_repr(rate) + ".");
  }

  void on_epoch_end(int, CallbackContext& context) override { context.set_log("learning_rate", context.learning_rate()); }

 private:
  std::string where(int epoch) const {
    return "the schedule \"" + formula_ + "\" at epoch " + std::to_string(epoch) + " (0-based; epoch " +
           std::to_string(epoch + 1) + " of the progress output)";
  }

  std::string formula_;
  std::int64_t verbose_;
  // muParser reads the variables through these addresses, so the object never moves
  // (the host holds it behind a pointer).
  double epoch_ = 0.0;
  double lr_ = 0.001;
  mu::Parser parser_;
};

}  // namespace

NNPLUG_PLUGIN(LearningRateScheduler, ::nnplug::Kind::callback, "learning_rate_scheduler", "LearningRateScheduler",
              "1.0.0", "sets the learning rate at the start of every epoch from a formula of epoch and lr (Keras's LearningRateScheduler)",
              R"json({"type": "object", "additionalProperties": false, "required": ["schedule"],
  "examples": [{"schedule": "epoch < 10 ? lr : lr * exp(-0.1)"}, {"schedule": "0.01 * 0.5 ^ floor(epoch / 5)", "verbose": 1}],
  "properties": {
  "schedule": {"type": "string", "minLength": 1, "description": "the new rate as a muParser formula of epoch (0-based) and lr (the current rate), e.g. \"epoch < 10 ? lr : lr * exp(-0.1)\"; operators + - * / ^ < > == && || ?:, functions exp, log, sqrt, min, max, abs, floor, ceil, pow, fmod"},
  "verbose": {"type": "integer", "minimum": 0, "default": 0, "description": "above 0: print the rate set at every epoch"}}})json")
