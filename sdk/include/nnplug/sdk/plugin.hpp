#pragma once
// What every plugin library exports: one Descriptor, found by the host under the alias
// `nnplug_descriptor`. Export it with NNPLUG_PLUGIN at the end of the plugin's .cpp.
//
// Contract
//   Host guarantees:
//   - It reads `abi_version` first and nothing else unless it equals sdk_abi_version; then
//     `size` and `fingerprint`, and refuses a plugin whose fingerprint differs from its own
//     (naming what differs) before calling anything in it.
//   - It copies every descriptor string into its own memory when the library is scanned.
//   - It validates the user's parameters against `schema` and fills in its defaults
//     before `create` is called; `create` sees only values the schema allows.
//   - Every object `create` returns is destroyed before its library can be unloaded; a
//     library stays loaded while the registry or any object made from it lives.
//   - Every call into a plugin object goes through one host-side wrapper per kind that turns
//     any exception (a std::exception, a type of the plugin's own, anything) into the host's
//     error naming the plugin, inside the call, before the library could go away.
//   Plugin guarantees:
//   - `name` is snake_case and unique per kind; `aliases` are comma-separated extra names.
//   - `schema` is a JSON object in the subset the host validates (docs/plugins.md); every
//     parameter without a default is listed in "required".
//   - `create` accepts every value the schema allows (or throws a ParamError naming the
//     parameter for combinations a schema cannot express) and returns a non-null object.
#include <boost/dll/alias.hpp>
#include <nnplug/sdk/export.hpp>
#include <nnplug/sdk/fingerprint.hpp>
#include <nnplug/sdk/params.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace nnplug {

// Bump whenever Descriptor, Params or an interface changes layout or a virtual function.
// 3: shapes and names reach optimizers and regularizers, slots have their own shapes,
//    schedules and callbacks are separate kinds, descriptors carry size, version and
//    fingerprint, and parameters arrive validated.
inline constexpr int sdk_abi_version = 3;

enum class Kind : int { optimizer = 0, regularizer = 1, initializer = 2, schedule = 3, callback = 4 };

// The one list of kinds: everything that enumerates them iterates this.
inline constexpr std::array<Kind, 5> all_kinds{Kind::optimizer, Kind::regularizer, Kind::initializer,
                                               Kind::schedule, Kind::callback};

inline constexpr const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::optimizer: return "optimizer";
    case Kind::regularizer: return "regularizer";
    case Kind::initializer: return "initializer";
    case Kind::schedule: return "schedule";
    case Kind::callback: return "callback";
  }
  return "unknown";
}

inline std::optional<Kind> kind_from_name(std::string_view name) {
  for (Kind kind : all_kinds)
    if (name == kind_name(kind)) return kind;
  return std::nullopt;
}

// Every plugin object derives from this, so one factory signature serves all kinds.
class NNPLUG_SDK_API Plugin {
 public:
  virtual ~Plugin() = default;
};

struct Descriptor {
  int abi_version;          // first member, never moved: read before anything else
  std::uint32_t size;       // sizeof(Descriptor) as the plugin was built; later SDKs only append
                            // members, and read one only when `size` says the plugin has it
  const char* fingerprint;  // the plugin's build_fingerprint (fingerprint.hpp)
  Kind kind;
  const char* name;     // canonical snake_case name, e.g. "glorot_uniform"
  const char* aliases;  // comma-separated extra names, e.g. "GlorotUniform" (may be "")
  const char* version;  // the plugin's own version, e.g. "1.0.0"
  const char* summary;  // one line for `nnplug plugins`
  const char* schema;   // JSON Schema of the parameters (see params.hpp)
  std::unique_ptr<Plugin> (*create)(const Params& params);
};

}  // namespace nnplug

// NNPLUG_PLUGIN(Class, Kind::optimizer, "adam", "Adam", "1.0.0", "summary", R"({schema})")
#define NNPLUG_PLUGIN(CLASS, KIND, NAME, ALIASES, VERSION, SUMMARY, SCHEMA)                        \
  namespace {                                                                                      \
  std::unique_ptr<::nnplug::Plugin> nnplug_create_plugin(const ::nnplug::Params& params) {         \
    return std::make_unique<CLASS>(params);                                                        \
  }                                                                                                \
  const ::nnplug::Descriptor nnplug_plugin_descriptor{                                             \
      ::nnplug::sdk_abi_version, sizeof(::nnplug::Descriptor), ::nnplug::build_fingerprint, KIND, \
      NAME, ALIASES, VERSION, SUMMARY, SCHEMA, &nnplug_create_plugin};                             \
  }                                                                                                \
  BOOST_DLL_ALIAS(nnplug_plugin_descriptor, nnplug_descriptor)
