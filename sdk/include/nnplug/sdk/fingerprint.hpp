#pragma once
// What must be the same in the host and a plugin for objects to cross between them:
// the C++ standard library's ABI (std::string, std::vector, std::unique_ptr, std::span
// appear in every interface), nlohmann_json's (Params holds a Json) and Eigen's (every
// tensor is an Eigen map). The host compares its own string with each plugin's and refuses
// a plugin that differs, naming the part. Components are "name value" joined by "; ".
#include <Eigen/Core>
#include <nlohmann/json.hpp>

#define NNPLUG_FINGERPRINT_TEXT(x) #x
#define NNPLUG_FINGERPRINT_VALUE(x) NNPLUG_FINGERPRINT_TEXT(x)

#if defined(_GLIBCXX_RELEASE)
#define NNPLUG_FINGERPRINT_STDLIB                                               \
  "libstdc++ " NNPLUG_FINGERPRINT_VALUE(_GLIBCXX_RELEASE) "; libstdc++ cxx11 abi " \
  NNPLUG_FINGERPRINT_VALUE(_GLIBCXX_USE_CXX11_ABI)
#elif defined(_LIBCPP_VERSION)
#define NNPLUG_FINGERPRINT_STDLIB "libc++ " NNPLUG_FINGERPRINT_VALUE(_LIBCPP_ABI_VERSION)
#else
#define NNPLUG_FINGERPRINT_STDLIB "stdlib unknown"
#endif

namespace nnplug {

inline constexpr const char build_fingerprint[] =
    NNPLUG_FINGERPRINT_STDLIB "; nlohmann_json " NNPLUG_FINGERPRINT_VALUE(NLOHMANN_JSON_VERSION_MAJOR) "." NNPLUG_FINGERPRINT_VALUE(
        NLOHMANN_JSON_VERSION_MINOR) "." NNPLUG_FINGERPRINT_VALUE(NLOHMANN_JSON_VERSION_PATCH) "; Eigen " NNPLUG_FINGERPRINT_VALUE(EIGEN_WORLD_VERSION) "." NNPLUG_FINGERPRINT_VALUE(EIGEN_MAJOR_VERSION) "." NNPLUG_FINGERPRINT_VALUE(EIGEN_MINOR_VERSION);

}  // namespace nnplug
