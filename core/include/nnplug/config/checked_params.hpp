#pragma once
// Parameters as a plugin (or a core section with its own schema) receives them: checked
// against the schema, defaults filled in. The one place user values meet a schema.
#include <nnplug/sdk/params.hpp>

#include <string>
#include <string_view>

namespace nnplug {

// Throws Error "<where>: <owner>: parameter '<key>' <problem>" for the first violation.
Params checked_params(const std::string& owner, const Json& schema, const Json& values, std::string_view where);

}  // namespace nnplug
