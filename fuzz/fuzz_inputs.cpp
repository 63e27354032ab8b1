#include "fuzz_inputs.hpp"

#include "data_csv.hpp"
#include "data_idx.hpp"
#include "npy_format.hpp"
#include "npz_reader.hpp"
#include "plugin_file_check.hpp"

#include <nnplug/config/json_reader.hpp>
#include <nnplug/config/json_schema.hpp>

#include <string>
#include <vector>

namespace nnplug::fuzz {

void json_config(Bytes input) {
  const std::string text(input.begin(), input.end());
  const Json json = parse_json_document(text, "fuzz.json");
  // The document as a schema, then as the value it validates: exercises both sides.
  if (!check_schema(json).empty()) return;
  static_cast<void>(validate(json, json, "fuzz"));
  const Json filled = with_defaults(json, Json::object());
  static_cast<void>(validate(json, filled, "fuzz"));
  static_cast<void>(schema_range_text(json));
}

void csv(Bytes input) {
  const std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  // The label column is the first header field, whatever it is called (after a byte-order mark).
  const std::string_view header = text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text;
  const std::string label(header.substr(0, std::min(header.find_first_of(",\r\n"), header.size())));
  const Dataset train = parse_csv(text, "fuzz.csv", label, nullptr);
  static_cast<void>(parse_csv(text, "fuzz.csv", label, &train.class_names));
}

void idx(Bytes input) { static_cast<void>(decode_idx(std::vector<unsigned char>(input.begin(), input.end()), "fuzz.idx")); }

void npy(Bytes input) { static_cast<void>(npy::decode(input, "fuzz.npy")); }

void npz(Bytes input) { static_cast<void>(decode_npz(std::vector<unsigned char>(input.begin(), input.end()), "fuzz.npz")); }

void plugin_file(Bytes input) { static_cast<void>(detail::why_not_a_plugin_image(input, "nnplug_descriptor")); }

Target target_named(std::string_view name) {
  struct Named {
    std::string_view name;
    Target target;
  };
  static constexpr Named targets[] = {{"json_config", json_config}, {"csv", csv}, {"idx", idx},
                                      {"npy", npy}, {"npz", npz}, {"plugin_file", plugin_file}};
  for (const auto& [target_name, target] : targets)
    if (target_name == name) return target;
  return nullptr;
}

}  // namespace nnplug::fuzz
