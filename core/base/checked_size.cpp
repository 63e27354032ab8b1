#include <nnplug/base/checked_size.hpp>

namespace nnplug {

std::optional<std::uint64_t> checked_multiply(std::uint64_t a, std::uint64_t b) {
  std::uint64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) return std::nullopt;
  return product;
}

std::optional<std::uint64_t> checked_add(std::uint64_t a, std::uint64_t b) {
  std::uint64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return std::nullopt;
  return sum;
}

std::optional<std::uint64_t> checked_element_count(std::span<const std::size_t> dims, std::uint64_t element_size) {
  std::optional<std::uint64_t> count = element_size;
  for (const std::size_t dim : dims) {
    count = checked_multiply(*count, dim);
    if (!count) return std::nullopt;
  }
  return count;
}

}  // namespace nnplug
