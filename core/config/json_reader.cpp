#include <nnplug/base/error.hpp>
#include <nnplug/base/files.hpp>
#include <nnplug/config/config.hpp>
#include <nnplug/config/json_reader.hpp>

#include <optional>
#include <set>
#include <string_view>
#include <vector>

namespace nnplug {
namespace {

struct Position {
  std::size_t line = 1, column = 1;
  std::string text() const { return std::to_string(line) + ":" + std::to_string(column); }
};

// One pass over the text that follows only strings and brackets: it needs no recursion,
// so any depth is safe to scan, and it sees each object's keys with their positions.
// Syntax is left to nlohmann::json, which parses the text once this has found it shallow.
class StructureScan {
 public:
  StructureScan(std::string_view text, const std::string& source) : text_(text), source_(source) {}

  // Throws for too deep nesting; returns the first duplicate key's message, if any.
  std::optional<std::string> run() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"') {
        string_token();
        continue;
      }
      if (c == '{' || c == '[') open(c);
      else if ((c == '}' || c == ']') && !frames_.empty()) frames_.pop_back();
      else if (c == ',' && !frames_.empty()) next_member(frames_.back());
      advance();
    }
    return duplicate_;
  }

 private:
  struct Frame {
    bool is_object;
    bool expecting_key;
    std::set<std::string> keys;
    std::string path;  // JSON pointer to the object: "/fit", "/model/layers/2"
    std::string last_key;
    std::size_t index = 0;
  };

  void advance() {
    if (text_[pos_] == '\n') {
      ++at_.line;
      at_.column = 1;
    } else {
      ++at_.column;
    }
    ++pos_;
  }

  // A JSON pointer, as config errors name places: "/model/layers/2".
  std::string child_path() const {
    if (frames_.empty()) return "";
    const Frame& parent = frames_.back();
    if (!parent.is_object) return parent.path + "/" + std::to_string(parent.index);
    std::string token;
    for (const char c : parent.last_key) token += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    return parent.path + "/" + token;
  }

  void open(char bracket) {
    if (frames_.size() == max_json_depth)
      throw Error(source_ + ":" + at_.text() + ": JSON nested more than " + std::to_string(max_json_depth) +
                  " levels deep; no nnplug file needs that many, flatten the structure");
    std::string path = child_path();
    frames_.push_back({bracket == '{', bracket == '{', {}, std::move(path), {}, 0});
  }

  static void next_member(Frame& frame) {
    if (frame.is_object) frame.expecting_key = true;
    else ++frame.index;
  }

  void string_token() {
    const Position start = at_;
    const std::size_t first = pos_;
    bool escaped = false;
    advance();
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\') {
        escaped = true;
        advance();
        if (pos_ == text_.size()) break;
      }
      advance();
    }
    if (pos_ < text_.size()) advance();
    if (frames_.empty() || !frames_.back().is_object || !frames_.back().expecting_key) return;
    Frame& object = frames_.back();
    object.expecting_key = false;
    const std::string_view raw = text_.substr(first, pos_ - first);
    std::string key = decoded(raw, escaped);
    if (!object.keys.insert(key).second && !duplicate_) {
      const std::string place = object.path.empty() ? "the top level" : "'" + object.path + "'";
      duplicate_ = source_ + ":" + start.text() + ": key '" + key + "' appears twice in " + place +
                   "; JSON objects take each key once, keep the one you mean";
    }
    object.last_key = std::move(key);
  }

  // Keys with escapes ("\u0061") compare by their meaning; a malformed one is left for
  // nlohmann::json to report as a syntax error.
  static std::string decoded(std::string_view raw, bool escaped) {
    if (!escaped) return std::string(raw.substr(1, raw.size() >= 2 ? raw.size() - 2 : 0));
    try {
      return Json::parse(raw).get<std::string>();
    } catch (const std::exception&) {
      return std::string(raw);
    }
  }

  std::string_view text_;
  const std::string& source_;
  std::size_t pos_ = 0;
  Position at_;
  std::vector<Frame> frames_;
  std::optional<std::string> duplicate_;
};

}  // namespace

Json parse_json_document(const std::string& text, const std::string& source) {
  const std::optional<std::string> duplicate = StructureScan(text, source).run();
  Json json;
  try {
    json = parse_json(text, source);
  } catch (const Json::exception& e) {
    // Not a syntax error but still the file's fault, e.g. a number beyond a double
    // ("1e999", nlohmann's out_of_range 406; found by fuzz/json_config).
    std::string reason = e.what();
    if (const auto bracket = reason.find("] "); bracket != std::string::npos) reason.erase(0, bracket + 2);
    throw Error(source + ": malformed JSON (" + reason + "); fix the file and run again");
  }
  if (duplicate) throw Error(*duplicate);
  return json;
}

Json load_json_file(const std::filesystem::path& path, const std::string& what) {
  return parse_json_document(read_text(path, what), path.string());
}

}  // namespace nnplug
