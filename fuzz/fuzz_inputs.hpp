#pragma once
// What each fuzz target feeds its bytes to, shared by the libFuzzer targets (fuzz/*.cpp)
// and by the regression test that replays every crash found (tests/io/fuzz_regressions_test.cpp).
// Each returns normally or throws nnplug::Error; anything else (a crash, a sanitizer
// report, another exception, a hang, memory beyond -rss_limit_mb) is a bug.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace nnplug::fuzz {

using Bytes = std::span<const std::uint8_t>;

void json_config(Bytes input);  // the JSON reader, then the schema checker and validator on the result
void csv(Bytes input);          // CSV as training split, then as a test split against the training classes
void idx(Bytes input);          // IDX, plain or gzip (detected from the bytes)
void npy(Bytes input);          // one .npy array
void npz(Bytes input);          // an .npz archive
void plugin_file(Bytes input);  // the pre-dlopen check of a candidate plugin file

// The target named `name` ("json_config", "csv", ...); nullptr if there is none.
using Target = void (*)(Bytes);
Target target_named(std::string_view name);

}  // namespace nnplug::fuzz
