#pragma once
// ModelCheckpoint's filepath: a Python str.format() template filled with epoch (1-based, an
// integer) and every log key (floats), e.g. "ckpt-{epoch:02d}-{val_loss:.2f}.npz". Parsed
// once at creation, so a malformed template or spec fails before training.
#include "../python_format.hpp"

#include <cctype>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace nnplug::callbacks {

class FilepathTemplate {
 public:
  // Throws std::invalid_argument naming the placeholder and the problem.
  explicit FilepathTemplate(const std::string& text) {
    std::string literal;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '}') {
        if (i + 1 < text.size() && text[i + 1] == '}') {
          literal += '}';
          ++i;
          continue;
        }
        throw std::invalid_argument("a single '}' at position " + std::to_string(i) + " (write '}}' for a literal brace)");
      }
      if (c != '{') {
        literal += c;
        continue;
      }
      if (i + 1 < text.size() && text[i + 1] == '{') {
        literal += '{';
        ++i;
        continue;
      }
      const std::size_t close = text.find('}', i);
      if (close == std::string::npos)
        throw std::invalid_argument("the '{' at position " + std::to_string(i) + " is never closed");
      parts_.push_back({literal, {}, {}});
      literal.clear();
      parse_placeholder(text.substr(i + 1, close - i - 1), parts_.back());
      i = close;
    }
    parts_.push_back({literal, {}, {}});
  }

  // The log keys the template reads (not epoch), in order.
  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const auto& part : parts_)
      if (part.name && *part.name != "epoch") out.push_back(*part.name);
    return out;
  }

  // epoch: 0-based (written 1-based, as Keras does); log: a key's value or nothing.
  // Throws std::invalid_argument for a placeholder that is not a log key.
  std::string format(int epoch, const std::function<std::optional<double>(const std::string&)>& log) const {
    std::string out;
    for (const auto& part : parts_) {
      out += part.literal;
      if (!part.name) continue;
      if (*part.name == "epoch") {
        out += format_integer(epoch + 1, part.spec);
        continue;
      }
      const auto value = log(*part.name);
      if (!value) throw std::invalid_argument("placeholder {" + *part.name + "} is not a log key of this run");
      out += format_float(*value, part.spec);
    }
    return out;
  }

 private:
  struct Part {
    std::string literal;  // text before the placeholder
    std::optional<std::string> name;
    FormatSpec spec;
  };

  static void parse_placeholder(const std::string& field, Part& part) {
    const std::size_t colon = field.find(':');
    const std::string name = field.substr(0, colon);
    const std::string spec = colon == std::string::npos ? "" : field.substr(colon + 1);
    const std::string shown = "{" + field + "}";
    if (name.empty())
      throw std::invalid_argument("placeholder " + shown + " has no name; name a log key or epoch, e.g. {epoch:02d}");
    for (char c : name)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
        throw std::invalid_argument("placeholder " + shown + ": only a plain name is supported (no conversion, index or "
                                    "attribute), e.g. {epoch:02d} or {val_loss:.2f}");
    if (name == "batch")
      throw std::invalid_argument("placeholder {batch} is not supported: nnplug's model_checkpoint saves once per epoch");
    try {
      part.spec = parse_format_spec(spec);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("placeholder " + shown + ": " + e.what());
    }
    if (name != "epoch" && part.spec.integer_type())
      throw std::invalid_argument("placeholder " + shown + ": log values are floats and cannot take the 'd' type; "
                                  "use a float format such as :.2f");
    part.name = name;
  }

  std::vector<Part> parts_;
};

}  // namespace nnplug::callbacks
