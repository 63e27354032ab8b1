#include "npy_header.hpp"

#include <nnplug/base/error.hpp>

#include <cctype>
#include <limits>

namespace nnplug::npy {
namespace {

// numpy leaves room for the first dimension to grow to 21 digits without rewriting the file.
constexpr std::size_t growth_axis_max_digits = 21;

// Python's repr of a tuple: "()", "(10,)", "(784, 256)".
std::string shape_repr(const Shape& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(shape[i]);
  }
  text += shape.size() == 1 ? ",)" : ")";
  return text;
}

// The subset of Python literals numpy writes in a header: a dict of strings, booleans
// and tuples of integers.
class DictParser {
 public:
  DictParser(std::string_view text, const std::string& where) : text_(text), where_(where) {}

  Header parse() {
    Header header;
    bool has_descr = false, has_order = false, has_shape = false;
    expect('{');
    while (!consume('}')) {
      const std::string key = string_literal();
      expect(':');
      if (key == "descr") {
        if (peek() == '[')
          fail("'descr' is a list, so this is a structured array; only plain float32 or float64 arrays can be read");
        header.descr = string_literal();
        has_descr = true;
      } else if (key == "fortran_order") {
        header.fortran_order = boolean();
        has_order = true;
      } else if (key == "shape") {
        header.shape = tuple();
        has_shape = true;
      } else {
        fail("unexpected key '" + key + "'");
      }
      if (!consume(',')) {
        expect('}');
        break;
      }
    }
    if (peek() != '\0') fail("unexpected text after the dictionary");
    if (!has_descr || !has_order || !has_shape) fail("it must have the keys 'descr', 'fortran_order' and 'shape'");
    return header;
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const {
    constexpr std::size_t shown = 200;
    const std::string text(text_.substr(0, shown));
    throw Error(where_ + " has a malformed .npy header (" + problem + "): " + text +
                (text_.size() > shown ? "..." : ""));
  }

  char peek() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  bool consume(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  void expect(char c) {
    if (!consume(c)) fail(std::string("expected '") + c + "'");
  }

  std::string string_literal() {
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail("expected a quoted string");
    const std::size_t start = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != quote) ++pos_;
    if (pos_ == text_.size()) fail("a string is never closed");
    return std::string(text_.substr(start, pos_++ - start));
  }

  bool boolean() {
    if (consume_word("True")) return true;
    if (consume_word("False")) return false;
    fail("'fortran_order' must be True or False");
  }

  bool consume_word(std::string_view word) {
    peek();
    if (!text_.substr(pos_).starts_with(word)) return false;
    pos_ += word.size();
    return true;
  }

  std::size_t integer() {
    peek();
    const std::size_t start = pos_;
    std::size_t value = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      const std::size_t digit = static_cast<std::size_t>(text_[pos_++] - '0');
      if (value > (std::numeric_limits<std::size_t>::max() - digit) / 10) fail("a dimension is too large");
      value = value * 10 + digit;
    }
    if (pos_ == start) fail("a dimension of 'shape' is not a non-negative integer");
    if (pos_ < text_.size() && text_[pos_] == 'L') ++pos_;  // Python 2's long literal, in old files
    return value;
  }

  Shape tuple() {
    Shape shape;
    expect('(');
    while (!consume(')')) {
      shape.push_back(integer());
      if (!consume(',')) {
        expect(')');
        break;
      }
    }
    return shape;
  }

  std::string_view text_;
  const std::string& where_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string format_header_dict(std::string_view descr, const Shape& shape) {
  std::string text = "{'descr': '" + std::string(descr) + "', 'fortran_order': False, 'shape': " + shape_repr(shape) + ", }";
  if (!shape.empty()) text.append(growth_axis_max_digits - std::to_string(shape[0]).size(), ' ');
  return text;
}

Header parse_header_dict(std::string_view text, const std::string& where) { return DictParser(text, where).parse(); }

}  // namespace nnplug::npy
