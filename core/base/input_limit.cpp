#include <nnplug/base/checked_size.hpp>
#include <nnplug/base/error.hpp>
#include <nnplug/base/input_limit.hpp>

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace nnplug {

namespace {
constexpr std::uint64_t default_max_input_bytes = std::uint64_t{8} << 30;
constexpr const char* limit_variable = "NNPLUG_MAX_INPUT_BYTES";
}  // namespace

std::uint64_t max_input_bytes() {
  const char* text = std::getenv(limit_variable);
  if (!text || !*text) return default_max_input_bytes;
  const std::string_view view(text);
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (error != std::errc() || end != view.data() + view.size() || value == 0)
    throw Error(std::string(limit_variable) + "='" + text +
                "' is not a positive whole number of bytes; set it to one such as 17179869184 (16 GiB), or unset it"
                " for the default of 8 GiB");
  return value;
}

std::uint64_t max_inflated_size(std::uint64_t compressed) {
  // The constant covers the stream headers and a final partial block.
  return checked_multiply(compressed, max_deflate_ratio).value_or(UINT64_MAX) + 1024;
}

void check_input_limit(std::uint64_t bytes, const std::string& source, const std::string& what) {
  const std::uint64_t limit = max_input_bytes();
  if (bytes <= limit) return;
  throw Error(source + ": " + what + " " + std::to_string(bytes) + " bytes, more than the input limit of " +
              std::to_string(limit) + " bytes; if the file is right, raise the limit with " + limit_variable +
              "=<bytes>, otherwise the file is corrupt");
}

}  // namespace nnplug
