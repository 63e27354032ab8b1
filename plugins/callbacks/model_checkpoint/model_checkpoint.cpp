// Keras 3's ModelCheckpoint (keras/src/callbacks/model_checkpoint.py) for nnplug's one
// weight format: after every epoch the weights are written as .npz to the formatted
// filepath, or with save_best_only only when the monitored value improved on the best so
// far (initial_value_threshold, if given, is the first best; it is not reset between fits).
#include "../monitor.hpp"
#include "../python_format.hpp"
#include "filepath_template.hpp"

#include <nnplug/sdk/callback.hpp>

namespace {

using nnplug::CallbackContext;
using nnplug::Json;
using nnplug::Params;
using nnplug::ParamError;

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string checked_filepath(const Params& params) {
  const std::string path = params.text("filepath");
  if (ends_with(path, ".npz")) return path;
  for (const char* keras : {".weights.h5", ".keras", ".h5"})
    if (ends_with(path, keras))
      throw ParamError(params.owner(), "filepath",
                       "is '" + path + "', in Keras's " + keras + " format, which nnplug does not write; nnplug saves "
                       "the weights as .npz (numpy's format), so end the name in .npz, e.g. \"ckpt-{epoch:02d}.npz\"");
  throw ParamError(params.owner(), "filepath",
                   "is '" + path + "' and must end in .npz (nnplug saves the weights as numpy's .npz), e.g. "
                   "\"ckpt-{epoch:02d}.npz\"");
}

nnplug::callbacks::FilepathTemplate parsed(const Params& params, const std::string& filepath) {
  try {
    return nnplug::callbacks::FilepathTemplate(filepath);
  } catch (const std::invalid_argument& e) {
    throw ParamError(params.owner(), "filepath", "'" + filepath + "': " + e.what());
  }
}

std::string five_decimals(std::optional<double> value) {
  if (!value) return "None";
  nnplug::callbacks::FormatSpec spec;
  spec.type = 'f';
  spec.precision = 5;
  return nnplug::callbacks::format_float(*value, spec);
}

class ModelCheckpoint final : public nnplug::Callback {
 public:
  explicit ModelCheckpoint(const Params& params)
      : filepath_(checked_filepath(params)),
        template_(parsed(params, filepath_)),
        monitor_(params, "ModelCheckpoint", 0.0),
        verbose_(params.integer("verbose")),
        save_best_only_(params.boolean("save_best_only")),
        best_(params.has("initial_value_threshold") ? std::optional(params.number("initial_value_threshold"))
                                                    : std::nullopt) {}

  void on_train_begin(CallbackContext& context) override {
    if (save_best_only_) monitor_.resolve(context);
  }

  void on_epoch_end(int epoch, CallbackContext& context) override {
    const std::string path = filepath(epoch, context);
    const std::string prefix = "Epoch " + std::to_string(epoch + 1) + ": ";
    if (!should_save(prefix, path, context)) return;
    context.save_weights(path);
    if (verbose_ > 0) context.message(prefix + "finished saving model to " + path);
  }

  Json state() const override { return Json{{"best", nnplug::callbacks::optional_to_json(best_)}}; }
  void load_state(const Json& state) override { best_ = nnplug::callbacks::optional_from_json(state.value("best", Json())); }

 private:
  std::string filepath(int epoch, CallbackContext& context) const {
    try {
      return template_.format(epoch, [&](const std::string& key) { return context.log(key); });
    } catch (const std::invalid_argument& e) {
      std::string keys;
      for (const auto& key : context.log_keys()) keys += (keys.empty() ? "" : ", ") + key;
      throw std::invalid_argument("filepath '" + filepath_ + "': " + e.what() + " (the keys are epoch, " + keys + ")");
    }
  }

  bool should_save(const std::string& prefix, const std::string& path, CallbackContext& context) {
    if (!save_best_only_) {
      if (verbose_ > 0) context.message(prefix + "saving model to " + path);
      return true;
    }
    const auto current = context.log(monitor_.key());
    if (!current) {
      context.warn("Can save best model only with " + monitor_.key() + " available; saving " + path + " anyway.");
      return true;
    }
    if (monitor_.is_improvement(*current, best_)) {
      if (verbose_ > 0)
        context.message(prefix + monitor_.key() + " improved from " + five_decimals(best_) + " to " +
                        five_decimals(current) + ", saving model to " + path);
      best_ = current;
      return true;
    }
    if (verbose_ > 0) context.message(prefix + monitor_.key() + " did not improve from " + five_decimals(best_));
    return false;
  }

  std::string filepath_;
  nnplug::callbacks::FilepathTemplate template_;
  nnplug::callbacks::Monitor monitor_;
  std::int64_t verbose_;
  bool save_best_only_;
  std::optional<double> best_;
};

}  // namespace

NNPLUG_PLUGIN(ModelCheckpoint, ::nnplug::Kind::callback, "model_checkpoint", "ModelCheckpoint", "1.0.0",
              "saves the weights as .npz after every epoch, or only the best ones (Keras's ModelCheckpoint)",
              R"json({"type": "object", "additionalProperties": false, "required": ["filepath"],
  "examples": [{"filepath": "checkpoints/weights-{epoch:02d}-{val_loss:.2f}.npz"},
               {"filepath": "best.npz", "monitor": "val_accuracy", "save_best_only": true}], "properties": {
  "filepath": {"type": "string", "minLength": 1, "description": "where to save, ending in .npz, relative to the run's output directory; Python format placeholders: {epoch} (1-based, e.g. {epoch:02d}) and any log key ({val_loss:.2f})"},
  "monitor": {"type": "string", "minLength": 1, "default": "val_loss", "description": "log key that decides what is best (with save_best_only)"},
  "verbose": {"type": "integer", "minimum": 0, "default": 0, "description": "above 0: print a line for every save or skipped save"},
  "save_best_only": {"type": "boolean", "default": false, "description": "save only when the monitored value improved on the best so far"},
  "save_weights_only": {"type": "boolean", "default": false, "description": "accepted for Keras configs; nnplug always saves only the weights"},
  "mode": {"enum": ["auto", "min", "max"], "default": "auto", "description": "min: lower is better; max: higher is better; auto: from the monitored metric (loss: min, accuracy: max)"},
  "initial_value_threshold": {"type": ["number", "null"], "default": null, "description": "the best value to beat before the first save (with save_best_only); null: none"}}})json")
