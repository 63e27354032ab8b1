#pragma once
// What every plugin library exports: one Descriptor, found by the host under the
// alias `nnplug_descriptor`. Export it with NNPLUG_PLUGIN at the end of the .cpp.
#include <boost/dll/alias.hpp>
#include <nnplug/sdk/export.hpp>
#include <nnplug/sdk/params.hpp>

#include <memory>

namespace nnplug {

// Bump whenever Descriptor or an interface changes layout; the host refuses other versions.
inline constexpr int sdk_abi_version = 2;

enum class Kind : int { optimizer = 0, regularizer = 1, initializer = 2, scheduler = 3 };

inline const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::optimizer: return "optimizer";
    case Kind::regularizer: return "regularizer";
    case Kind::initializer: return "initializer";
    case Kind::scheduler: return "scheduler";
  }
  return "unknown";
}

// Every plugin object derives from this, so one factory signature serves all kinds.
class NNPLUG_SDK_API Plugin {
 public:
  virtual ~Plugin() = default;
};

struct Descriptor {
  int abi_version;  // first member, never moved: read before anything else
  Kind kind;
  const char* name;     // canonical snake_case name, e.g. "glorot_uniform"
  const char* aliases;  // comma-separated extra names, e.g. "GlorotUniform" (may be "")
  const char* summary;  // one line for `nnplug plugins`
  const char* schema;   // JSON Schema of the parameters (see params.hpp)
  std::unique_ptr<Plugin> (*create)(const Params& params);
};

}  // namespace nnplug

// NNPLUG_PLUGIN(Class, Kind::optimizer, "adam", "Adam", "summary", R"({schema})")
#define NNPLUG_PLUGIN(CLASS, KIND, NAME, ALIASES, SUMMARY, SCHEMA)                             \
  namespace {                                                                                  \
  std::unique_ptr<::nnplug::Plugin> nnplug_create_plugin(const ::nnplug::Params& params) {     \
    return std::make_unique<CLASS>(params);                                                    \
  }                                                                                            \
  const ::nnplug::Descriptor nnplug_plugin_descriptor{::nnplug::sdk_abi_version, KIND, NAME,   \
                                                      ALIASES, SUMMARY, SCHEMA,                \
                                                      &nnplug_create_plugin};                  \
  }                                                                                            \
  BOOST_DLL_ALIAS(nnplug_plugin_descriptor, nnplug_descriptor)
