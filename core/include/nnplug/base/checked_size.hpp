#pragma once
// Sizes computed from what an input file declares (dimensions, shapes, rows x columns)
// must not wrap around: a header claiming 2^33 x 2^33 values would otherwise pass every
// later check as a small number. Every such product goes through these.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace nnplug {

// a * b, or nothing when it does not fit in 64 bits.
std::optional<std::uint64_t> checked_multiply(std::uint64_t a, std::uint64_t b);
// a + b, or nothing when it does not fit in 64 bits.
std::optional<std::uint64_t> checked_add(std::uint64_t a, std::uint64_t b);

// The product of `dims` times `element_size` (bytes per value; 1 counts values), or
// nothing when any partial product overflows. An empty `dims` is a scalar: one value.
std::optional<std::uint64_t> checked_element_count(std::span<const std::size_t> dims, std::uint64_t element_size = 1);

}  // namespace nnplug
