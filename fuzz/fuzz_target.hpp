#pragma once
// One libFuzzer entry point per target file: an nnplug::Error is the reader refusing bad
// input, as it should; everything else escapes and is reported by libFuzzer.
#include "fuzz_inputs.hpp"

#include <nnplug/base/error.hpp>

#define NNPLUG_FUZZ_TARGET(function)                                               \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
    try {                                                                          \
      nnplug::fuzz::function({data, size});                                        \
    } catch (const nnplug::Error&) {                                               \
    }                                                                              \
    return 0;                                                                      \
  }
