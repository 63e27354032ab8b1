#include <nnplug/base/error.hpp>
#include <nnplug/base/names.hpp>
#include <nnplug/config/checked_params.hpp>
#include <nnplug/config/json_schema.hpp>

namespace nnplug {

Params checked_params(const std::string& owner, const Json& schema, const Json& values, std::string_view where) {
  if (!values.is_null() && !values.is_object())
    throw Error(located(where, owner + ": parameters are not a JSON object (expected an object, got " +
                                   describe_json(values) + ")"));
  // Validated with the defaults in, so a default satisfies "required" as it always did.
  const Json filled = with_defaults(schema, values.is_null() ? Json::object() : values);
  const auto violations = validate(schema, filled, owner);
  if (!violations.empty()) {
    const auto& first = violations.front();
    throw Error(located(std::string(where) + first.pointer, owner + ": " + first.problem));
  }
  return Params(owner, filled);
}

}  // namespace nnplug
