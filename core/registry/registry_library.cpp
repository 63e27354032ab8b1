#include "registry_library.hpp"

#include "plugin_file_check.hpp"

#include <vector>
#include <string>
#include <boost/dll/shared_library.hpp>

#include <nnplug/base/names.hpp>
#include <nnplug/config/json_reader.hpp>
#include <nnplug/config/json_schema.hpp>

#include <array>
#include <cstddef>
#include <sstream>

namespace nnplug::detail {
namespace {

constexpr const char* descriptor_alias = "nnplug_descriptor";

std::vector<std::string> split_aliases(const char* text) {
  std::vector<std::string> out;
  std::istringstream in(text ? text : "");
  for (std::string alias; std::getline(in, alias, ',');) {
    const auto first = alias.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    out.push_back(alias.substr(first, alias.find_last_not_of(" \t") - first + 1));
  }
  return out;
}

bool known_kind(Kind kind) {
  for (Kind known : all_kinds)
    if (kind == known) return true;
  return false;
}

std::vector<std::string> split_fingerprint(std::string_view text) {
  std::vector<std::string> parts;
  while (!text.empty()) {
    const auto cut = text.find("; ");
    parts.emplace_back(text.substr(0, cut));
    text = cut == std::string_view::npos ? std::string_view() : text.substr(cut + 2);
  }
  return parts;
}

// "nlohmann_json 3.10.5 (this host: nlohmann_json 3.11.2)" for each part that differs.
std::string fingerprint_difference(std::string_view plugin, std::string_view host) {
  const auto theirs = split_fingerprint(plugin), ours = split_fingerprint(host);
  std::vector<std::string> differences;
  for (std::size_t i = 0; i < std::max(theirs.size(), ours.size()); ++i) {
    const std::string a = i < theirs.size() ? theirs[i] : "(nothing)";
    const std::string b = i < ours.size() ? ours[i] : "(nothing)";
    if (a != b) differences.push_back(a + " (this host: " + b + ")");
  }
  return join(differences, ", ");
}

OpenResult problem(const std::filesystem::path& file, const std::string& what) {
  return {std::nullopt, file.string() + ": " + what};
}

}  // namespace

OpenResult open_plugin_library(const std::filesystem::path& file) {
  // Read the file's tables without loading it, so a library that is not a plugin never
  // runs its static constructors in our process.
  if (auto reason = why_not_a_plugin_file(file, descriptor_alias); !reason.empty()) return problem(file, reason);

  auto library = std::make_shared<boost::dll::shared_library>();
  try {
    // Immediate binding: a missing symbol is this error now, not a crash mid-training.
    library->load(file, boost::dll::load_mode::rtld_now);
  } catch (const std::exception& e) {
    return problem(file, std::string("cannot be loaded: ") + e.what());
  }
  if (!library->has(descriptor_alias)) return problem(file, "exports no 'nnplug_descriptor' after loading");
  const auto& descriptor = library->get_alias<const Descriptor>(descriptor_alias);

  // Only abi_version is guaranteed to sit where we expect; nothing else is read before it matches.
  if (descriptor.abi_version != sdk_abi_version)
    return problem(file, "built for nnplug SDK ABI " + std::to_string(descriptor.abi_version) + ", this host uses " +
                             std::to_string(sdk_abi_version) + "; rebuild the plugin against this SDK");
  if (descriptor.size < offsetof(Descriptor, create) + sizeof(descriptor.create))
    return problem(file, "has a descriptor of " + std::to_string(descriptor.size) + " bytes, smaller than SDK ABI " +
                             std::to_string(sdk_abi_version) + "'s " + std::to_string(sizeof(Descriptor)) +
                             "; rebuild the plugin against this SDK");
  const std::string_view fingerprint = descriptor.fingerprint ? descriptor.fingerprint : "";
  if (fingerprint != build_fingerprint)
    return problem(file, "was built with " + fingerprint_difference(fingerprint, build_fingerprint) +
                             "; objects cannot cross between the two, rebuild the plugin with this host's toolchain and libraries");
  if (!known_kind(descriptor.kind)) {
    std::vector<std::string> kinds;
    for (Kind kind : all_kinds) kinds.emplace_back(kind_name(kind));
    return problem(file, "declares plugin kind " + std::to_string(static_cast<int>(descriptor.kind)) + ", which is none of " +
                             join(kinds, ", "));
  }
  if (!descriptor.name || !*descriptor.name || !descriptor.create)
    return problem(file, "has an incomplete descriptor (no name or no factory)");

  OpenedPlugin opened;
  opened.info.kind = descriptor.kind;
  opened.info.name = descriptor.name;
  opened.info.aliases = split_aliases(descriptor.aliases);
  opened.info.version = descriptor.version ? descriptor.version : "";
  opened.info.summary = descriptor.summary ? descriptor.summary : "";
  opened.info.file = file;
  try {
    opened.info.schema = parse_json_document(descriptor.schema ? descriptor.schema : "{}", "schema");
  } catch (const std::exception& e) {
    return problem(file, "plugin '" + opened.info.name + "' has a parameter schema that is not valid JSON (" + e.what() +
                             "); fix the schema string in its NNPLUG_PLUGIN");
  }
  if (!opened.info.schema.is_object())
    return problem(file, "plugin '" + opened.info.name + "' has a parameter schema that is not a JSON object");
  if (const auto schema_problems = check_schema(opened.info.schema); !schema_problems.empty())
    return problem(file, "plugin '" + opened.info.name + "' has an unusable parameter schema: " +
                             join(schema_problems, "; ") + "; fix the schema string in its NNPLUG_PLUGIN");
  opened.create = descriptor.create;
  opened.library = std::move(library);
  return {std::move(opened), {}};
}

}  // namespace nnplug::detail
