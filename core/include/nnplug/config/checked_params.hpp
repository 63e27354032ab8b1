#pragma once
// Parameters as a plugin (or a core section with its own schema) receives them: checked
// against the schema, defaults filled in. The one place user values meet a schema.
#include <nnplug/sdk/params.hpp>

#include <string>
#include <string_view>

namespace nnplug {

// `where` is the JSON pointer of the parameters' object ("/compile/optimizer"). Throws Error
// "<where><pointer>: <owner>: <problem>" for the first violation:
// "/compile/optimizer/beta_1: adam: out of range (expected a number in [0, 1), got 1.5 (number))".
Params checked_params(const std::string& owner, const Json& schema, const Json& values, std::string_view where);

}  // namespace nnplug
