#pragma once
// Reading the CSV files a run writes (history.csv, weight_stats.csv) as rows of named
// columns, and summing weights read back from weights.npz.
#include <nnplug/io/numpy/npz.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace nnplug::test {

struct CsvRows {
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;

  double number(std::size_t row, const std::string& column) const {
    REQUIRE(row < rows.size());
    const auto found = rows[row].find(column);
    if (found == rows[row].end()) FAIL("no column " << column);
    return std::stod(found->second);
  }
  bool has(const std::string& column) const {
    for (const auto& name : header)
      if (name == column) return true;
    return false;
  }
};

inline std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  return fields;
}

inline CsvRows parse_csv(const std::string& text) {
  CsvRows csv;
  std::istringstream lines(text);
  std::string line;
  if (!std::getline(lines, line)) return csv;
  csv.header = split_csv_line(line);
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    const auto fields = split_csv_line(line);
    REQUIRE(fields.size() == csv.header.size());
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < fields.size(); ++i) row[csv.header[i]] = fields[i];
    csv.rows.push_back(std::move(row));
  }
  return csv;
}

inline const NamedArray& array_named(const std::vector<NamedArray>& arrays, const std::string& name) {
  for (const auto& array : arrays)
    if (array.name == name) return array;
  FAIL("weights.npz has no " << name);
  return arrays.front();
}

inline double sum_abs(const NamedArray& array) {
  double sum = 0.0;
  for (const float v : array.data) sum += std::abs(double(v));
  return sum;
}

inline double sum_squares(const NamedArray& array) {
  double sum = 0.0;
  for (const float v : array.data) sum += double(v) * double(v);
  return sum;
}

// Euclidean norm of row `row` of a rank-2 array (a kernel row: one input's weights).
inline double row_norm(const NamedArray& array, std::size_t row) {
  const std::size_t cols = array.shape.at(1);
  double sum = 0.0;
  for (std::size_t j = 0; j < cols; ++j) sum += double(array.data[row * cols + j]) * double(array.data[row * cols + j]);
  return std::sqrt(sum);
}

}  // namespace nnplug::test
