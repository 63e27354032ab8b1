#pragma once
// Numbers written the way Keras's Python writes them: repr() of a float (CSVLogger rows,
// verbose messages) and str.format() specs such as {epoch:02d} and {val_loss:.2f}
// (ModelCheckpoint's filepath), so nnplug's files and messages read like Keras's.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace nnplug::callbacks {

// Python's repr(float): the shortest digits that read back to the same double, positional
// for exponents -4..15 (always with a fractional part), scientific with a two-digit exponent
// otherwise: 0.1, 1.0, 1e-05, 1e+16, 0.00020000000949949026, nan, inf.
inline std::string python_repr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific).ptr;
  const std::string text(buffer, end);  // "-1.2345e-05"
  const std::size_t e = text.find('e');
  const bool negative = text[0] == '-';
  std::string digits;
  for (std::size_t i = negative ? 1 : 0; i < e; ++i)
    if (text[i] != '.') digits += text[i];
  const int exponent = std::atoi(text.c_str() + e + 1);
  // Built with append() only: GCC 12 warns falsely (-Wrestrict) about `"x" + string` here.
  std::string out(negative ? 1 : 0, '-');
  if (exponent < -4 || exponent >= 16) {
    out.push_back(digits[0]);
    if (digits.size() > 1) out.append(".").append(digits, 1, std::string::npos);
    char tail[16];
    std::snprintf(tail, sizeof tail, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out.append(tail);
  }
  if (exponent < 0) return out.append("0.").append(std::size_t(-exponent - 1), '0').append(digits);
  const auto whole = std::size_t(exponent + 1);
  if (digits.size() <= whole) return out.append(digits).append(whole - digits.size(), '0').append(".0");
  return out.append(digits, 0, whole).append(".").append(digits, whole, std::string::npos);
}

// One parsed str.format() spec: [[fill]align][sign][0][width][.precision][type].
// Grouping (',' '_'), '#' and 'n' are not supported and are reported as such.
struct FormatSpec {
  char fill = ' ';
  char align = 0;  // 0: the type's default ('>' for numbers)
  char sign = '-';
  bool zero = false;
  int width = 0;
  std::optional<int> precision;
  char type = 0;  // 0: none

  bool integer_type() const { return type == 'd'; }
};

// Throws std::invalid_argument with what is wrong (the caller names the placeholder).
inline FormatSpec parse_format_spec(std::string_view spec) {
  FormatSpec out;
  std::size_t i = 0;
  auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
  if (spec.size() >= 2 && is_align(spec[1])) {
    out.fill = spec[0];
    out.align = spec[1];
    i = 2;
  } else if (!spec.empty() && is_align(spec[0])) {
    out.align = spec[0];
    i = 1;
  }
  if (i < spec.size() && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ')) out.sign = spec[i++];
  if (i < spec.size() && spec[i] == '#') throw std::invalid_argument("the '#' option is not supported");
  if (i < spec.size() && spec[i] == '0') {
    out.zero = true;
    ++i;
  }
  while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i]))) out.width = out.width * 10 + (spec[i++] - '0');
  if (i < spec.size() && (spec[i] == ',' || spec[i] == '_'))
    throw std::invalid_argument("digit grouping ('" + std::string(1, spec[i]) + "') is not supported");
  if (i < spec.size() && spec[i] == '.') {
    ++i;
    int precision = 0;
    const std::size_t first = i;
    while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i]))) precision = precision * 10 + (spec[i++] - '0');
    if (i == first) throw std::invalid_argument("'.' must be followed by a precision");
    out.precision = precision;
  }
  if (i < spec.size()) {
    const char type = spec[i++];
    if (std::string_view("deEfFgG%").find(type) == std::string_view::npos)
      throw std::invalid_argument("unsupported format type '" + std::string(1, type) + "' (use d, e, E, f, F, g, G or %)");
    out.type = type;
  }
  if (i != spec.size()) throw std::invalid_argument("unexpected '" + std::string(spec.substr(i)) + "'");
  if (out.type == 'd' && out.precision) throw std::invalid_argument("a precision is not allowed with the 'd' type");
  return out;
}

namespace detail {

inline std::string pad(std::string body, const FormatSpec& spec) {
  const auto width = std::size_t(spec.width);
  if (body.size() >= width) return body;
  char align = spec.align ? spec.align : '>';
  char fill = spec.fill;
  if (spec.zero && !spec.align) {
    align = '=';
    fill = '0';
  }
  const std::size_t missing = width - body.size();
  switch (align) {
    case '<': return body + std::string(missing, fill);
    case '^': return std::string(missing / 2, fill) + body + std::string(missing - missing / 2, fill);
    case '=': {
      const std::size_t sign = (!body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) ? 1 : 0;
      return body.substr(0, sign) + std::string(missing, fill) + body.substr(sign);
    }
    default: return std::string(missing, fill) + body;
  }
}

inline std::string with_sign(std::string body, bool negative, const FormatSpec& spec) {
  if (negative) return "-" + body;
  if (spec.sign == '+') return "+" + body;
  if (spec.sign == ' ') return " " + body;
  return body;
}

inline std::string printf_number(double magnitude, char type, int precision) {
  char format[16], buffer[512];
  std::snprintf(format, sizeof format, "%%.%d%c", precision, type);
  std::snprintf(buffer, sizeof buffer, format, magnitude);
  return buffer;
}

}  // namespace detail

// str.format() of a Python float. Python's 'e', 'f', 'g' are C's; no type means repr()
// without a precision and 'g' keeping a ".0" with one.
inline std::string format_float(double value, const FormatSpec& spec) {
  if (spec.integer_type()) throw std::invalid_argument("the 'd' type needs an integer, and log values are floats");
  const bool negative = std::signbit(value) && !std::isnan(value);
  const double magnitude = std::fabs(value);
  std::string body;
  if (!std::isfinite(magnitude)) {
    body = std::isnan(magnitude) ? "nan" : "inf";
    if (spec.type == 'F' || spec.type == 'E' || spec.type == 'G')
      for (char& c : body) c = char(std::toupper(static_cast<unsigned char>(c)));
    if (spec.type == '%') body += "%";
  } else if (spec.type == '%') {
    body = detail::printf_number(magnitude * 100.0, 'f', spec.precision.value_or(6)) + "%";
  } else if (spec.type) {
    body = detail::printf_number(magnitude, spec.type, spec.precision.value_or(6));
  } else if (!spec.precision) {
    body = python_repr(magnitude);
  } else {
    body = detail::printf_number(magnitude, 'g', std::max(1, *spec.precision));
    if (body.find_first_of(".e") == std::string::npos) body += ".0";
  }
  return detail::pad(detail::with_sign(body, negative, spec), spec);
}

// str.format() of a Python int (float types format it as a float, as Python does).
inline std::string format_integer(long long value, const FormatSpec& spec) {
  if (spec.type && !spec.integer_type()) return format_float(double(value), spec);
  if (spec.precision) throw std::invalid_argument("a precision is not allowed for an integer without a float type");
  const std::string digits = std::to_string(value < 0 ? -value : value);
  return detail::pad(detail::with_sign(digits, value < 0, spec), spec);
}

}  // namespace nnplug::callbacks
