#pragma once
// Splitting CSV text into records (RFC 4180 quoting, \n or \r\n line ends), one record
// at a time so a large file is never held twice as strings.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nnplug::csv {

class Record {
 public:
  std::size_t line = 0;  // 1-based line where the record starts
  std::size_t size() const { return size_; }
  const std::string& operator[](std::size_t i) const { return fields_[i]; }

 private:
  friend class Reader;
  // Field strings are reused from record to record, so reading allocates only while
  // the first few records grow them.
  std::string& start_field();
  std::vector<std::string> fields_;
  std::size_t size_ = 0;
};

class Reader {
 public:
  // `source` names the text in errors ("data/iris.csv"). The text must outlive the reader.
  Reader(std::string_view text, std::string source);

  // Fills `record` with the next non-blank record's fields, trimmed of spaces and tabs
  // and unquoted. False at the end of the text. Throws Error for malformed quoting.
  bool next(Record& record);

 private:
  void skip_blank_lines();
  void read_quoted(std::string& field);
  void read_plain(std::string& field);
  bool at_line_end() const;
  void skip_spaces();

  std::string_view text_;
  std::string source_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace nnplug::csv
