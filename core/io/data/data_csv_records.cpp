#include "data_csv_records.hpp"

#include <nnplug/base/error.hpp>

namespace nnplug::csv {

namespace {
bool is_space(char c) { return c == ' ' || c == '\t'; }
}  // namespace

std::string& Record::start_field() {
  if (size_ == fields_.size()) fields_.emplace_back();
  std::string& field = fields_[size_++];
  field.clear();
  return field;
}

Reader::Reader(std::string_view text, std::string source) : text_(text), source_(std::move(source)) {
  // Spreadsheet programs often save UTF-8 with a byte-order mark; it is not part of the first name.
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
}

bool Reader::at_line_end() const {
  if (pos_ >= text_.size() || text_[pos_] == '\n') return true;
  return text_[pos_] == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n');
}

void Reader::skip_spaces() {
  while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
}

void Reader::skip_blank_lines() {
  while (pos_ < text_.size()) {
    std::size_t end = pos_;
    while (end < text_.size() && (is_space(text_[end]) || text_[end] == '\r')) ++end;
    if (end < text_.size() && text_[end] != '\n') return;  // the line has content
    pos_ = end;
    if (pos_ < text_.size()) {
      ++pos_;
      ++line_;
    }
  }
}

void Reader::read_quoted(std::string& field) {
  const std::size_t opened_on = line_;
  ++pos_;  // the opening quote
  for (;;) {
    if (pos_ >= text_.size())
      throw Error(source_ + ":" + std::to_string(opened_on) +
                  ": a quoted field is never closed; add the closing '\"' (write a quote inside a field as '\"\"')");
    const char c = text_[pos_++];
    if (c == '"') {
      if (pos_ < text_.size() && text_[pos_] == '"') {
        field += '"';
        ++pos_;
        continue;
      }
      break;
    }
    if (c == '\n') ++line_;
    field += c;
  }
  skip_spaces();
  if (!at_line_end() && text_[pos_] != ',')
    throw Error(source_ + ":" + std::to_string(line_) + ": unexpected text after the closing quote of \"" + field +
                "\"; put a comma after it, or write a quote inside a field as '\"\"'");
}

void Reader::read_plain(std::string& field) {
  const std::size_t start = pos_;
  while (!at_line_end() && text_[pos_] != ',') ++pos_;
  std::size_t end = pos_;
  while (end > start && is_space(text_[end - 1])) --end;
  field.assign(text_.substr(start, end - start));
}

bool Reader::next(Record& record) {
  skip_blank_lines();
  if (pos_ >= text_.size()) return false;
  record.size_ = 0;
  record.line = line_;
  for (;;) {
    std::string& field = record.start_field();
    skip_spaces();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      read_quoted(field);
    } else {
      read_plain(field);
    }
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
    return true;
  }
}

}  // namespace nnplug::csv
