// Loss::create: resolves a loss spec (a name or {"name": ..., options}) to a loss object.
#include <nnplug/base/names.hpp>
#include <nnplug/losses/loss.hpp>

#include "loss_kinds.hpp"
#include <nnplug/base/unknown_name.hpp>
#include <nnplug/config/checked_params.hpp>

#include <algorithm>
#include <array>

namespace nnplug {
namespace {

// Parameter schemas (params.hpp subset): Keras's constructor arguments that change the math.
constexpr const char* logits_and_smoothing_schema = R"({"type": "object", "additionalProperties": false,
  "properties": {
    "from_logits": {"type": "boolean", "default": false,
                    "description": "predictions are logits rather than probabilities"},
    "label_smoothing": {"type": "number", "minimum": 0, "maximum": 1, "default": 0,
                        "description": "mix the targets with a uniform distribution"}}})";
constexpr const char* logits_schema = R"({"type": "object", "additionalProperties": false,
  "properties": {
    "from_logits": {"type": "boolean", "default": false,
                    "description": "predictions are logits rather than probabilities"}}})";
constexpr const char* no_parameters_schema = R"({"type": "object", "additionalProperties": false, "properties": {}})";

struct LossKind {
  const char* name;
  std::vector<const char*> aliases;  // beyond the Keras class name, which matching covers
  const char* schema;
  std::unique_ptr<Loss> (*make)(const Params&);
};

const std::array<LossKind, 5>& loss_kinds() {
  static const std::array<LossKind, 5> kinds{{
      {"categorical_crossentropy", {}, logits_and_smoothing_schema, &losses::categorical_crossentropy},
      {"sparse_categorical_crossentropy", {}, logits_schema, &losses::sparse_categorical_crossentropy},
      {"binary_crossentropy", {"bce"}, logits_and_smoothing_schema, &losses::binary_crossentropy},
      {"mean_squared_error", {"mse"}, no_parameters_schema, &losses::mean_squared_error},
      {"mean_absolute_error", {"mae"}, no_parameters_schema, &losses::mean_absolute_error},
  }};
  return kinds;
}

const LossKind* find_kind(std::string_view name) {
  const std::string wanted = fold_name(name);
  for (const auto& kind : loss_kinds()) {
    if (fold_name(kind.name) == wanted) return &kind;
    for (const char* alias : kind.aliases)
      if (fold_name(alias) == wanted) return &kind;
  }
  return nullptr;
}

}  // namespace

std::vector<std::string> Loss::names() {
  std::vector<std::string> out;
  for (const auto& kind : loss_kinds()) out.emplace_back(kind.name);
  for (const auto& kind : loss_kinds()) out.insert(out.end(), kind.aliases.begin(), kind.aliases.end());
  return out;
}

std::unique_ptr<Loss> Loss::create(const Json& spec, std::string_view where) {
  Json options = Json::object();
  std::string name;
  if (spec.is_string()) {
    name = spec.get<std::string>();
  } else if (spec.is_object() && spec.contains("name") && spec["name"].is_string()) {
    name = spec["name"].get<std::string>();
    options = spec;
    options.erase("name");
  } else {
    throw Error(located(
        where, "a loss is a name like \"categorical_crossentropy\" or an object like {\"name\": "
               "\"categorical_crossentropy\", \"from_logits\": true}; got " + describe_json(spec)));
  }
  const LossKind* kind = find_kind(name);
  if (kind == nullptr) throw_unknown_name("loss", name, where, names());
  const Params params = checked_params(kind->name, Json::parse(kind->schema), options, where);
  try {
    return kind->make(params);
  } catch (const ParamError& e) {
    throw Error(located(where, e.what()));
  }
}

void losses::require_same_shape(const Loss& loss, const Matrix& y_pred, const Matrix& y_true) {
  if (y_pred.rows() == y_true.rows() && y_pred.cols() == y_true.cols()) return;
  throw Error(loss.name() + ": predictions are " + std::to_string(y_pred.rows()) + " x " + std::to_string(y_pred.cols()) +
              " but targets are " + std::to_string(y_true.rows()) + " x " + std::to_string(y_true.cols()) +
              "; make the last layer's units match the target width");
}

}  // namespace nnplug
