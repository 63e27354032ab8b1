#include "data_csv.hpp"
#include "data_csv_records.hpp"

#include <nnplug/base/names.hpp>
#include <nnplug/io/data/data.hpp>
#include <nnplug/base/error.hpp>
#include <nnplug/base/files.hpp>
#include <nnplug/base/checked_size.hpp>
#include <nnplug/sdk/params.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

namespace nnplug {
namespace {

enum class NumberStatus { ok, empty, not_a_number, not_finite, out_of_range };

struct ParsedNumber {
  NumberStatus status;
  float value = 0.0f;
};

ParsedNumber parse_number(std::string_view text) {
  if (text.empty()) return {NumberStatus::empty};
  // from_chars is strtod without the leading '+', which spreadsheets do write.
  if (text.size() > 1 && text[0] == '+' && text[1] != '+' && text[1] != '-') text.remove_prefix(1);
  const char* const end = text.data() + text.size();
  float value = 0.0f;
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error == std::errc::invalid_argument || stop != end) return {NumberStatus::not_a_number};
  if (error == std::errc::result_out_of_range) {
    // Tiny values (1e-50) become the nearest float, zero; only huge ones do not fit.
    double wide = 0.0;
    std::from_chars(text.data(), end, wide);
    if (!std::isfinite(wide) || std::abs(wide) > std::numeric_limits<float>::max())
      return {NumberStatus::out_of_range};
    value = static_cast<float>(wide);
  }
  if (!std::isfinite(value)) return {NumberStatus::not_finite};
  return {NumberStatus::ok, value};
}

std::string in_quotes(const std::string& text) { return "'" + text + "'"; }

std::string column_text(const std::vector<std::string>& columns, std::size_t index) {
  if (columns[index].empty()) return "column " + std::to_string(index + 1) + " (no name in the header)";
  return "column " + in_quotes(columns[index]);
}

std::string number_problem(NumberStatus status, const std::string& field) {
  switch (status) {
    case NumberStatus::empty:
      return "the value is empty; every feature must be a number";
    case NumberStatus::not_a_number:
      return in_quotes(field) + " is not a number";
    case NumberStatus::not_finite:
      return in_quotes(field) + " is not a finite number; fill in or remove missing values";
    case NumberStatus::out_of_range:
      return in_quotes(field) + " is too large for a 32-bit float";
    case NumberStatus::ok:
      break;
  }
  return {};
}

std::size_t find_label_column(const std::vector<std::string>& columns, const std::string& label,
                              const std::string& where) {
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] != label) continue;
    if (found)
      throw Error(where + ": the label column " + in_quotes(label) + " appears twice in the header (columns " +
                  std::to_string(*found + 1) + " and " + std::to_string(i + 1) + "); rename one of them");
    found = i;
  }
  if (found) return *found;
  const auto near = nearest(label, columns);
  throw Error(where + ": no column " + in_quotes(label) + " in the header" +
              (near.empty() ? "" : "; did you mean '" + join(near, "', '") + "'?") +
              " (columns: " + join(columns, ", ") + "); name one of them as the label column");
}

struct LabelCell {
  std::string text;
  std::size_t line;
};

const LabelCell* first_with(const std::vector<LabelCell>& labels, bool number) {
  for (const auto& label : labels)
    if ((parse_number(label.text).status == NumberStatus::ok) == number) return &label;
  return nullptr;
}

// All numbers -> kept as numbers; all words -> class indices. A mix is refused: it is far
// more often a typo in a numeric column ("3.O") than a class called "3", and guessing
// would silently change every label.
bool labels_are_words(const std::vector<LabelCell>& labels, const std::string& column, const std::string& source) {
  const LabelCell* first_number = first_with(labels, true);
  const LabelCell* first_word = first_with(labels, false);
  if (first_number && first_word)
    throw Error(source + ": " + column + " mixes numbers and words (line " + std::to_string(first_number->line) +
                ": " + in_quotes(first_number->text) + ", line " + std::to_string(first_word->line) + ": " +
                in_quotes(first_word->text) + "); labels must be all numbers or all class names");
  return first_word != nullptr;
}

void numbers_to_targets(const std::vector<LabelCell>& labels, Matrix& y) {
  for (std::size_t row = 0; row < labels.size(); ++row)
    y(static_cast<Eigen::Index>(row), 0) = parse_number(labels[row].text).value;
}

void words_to_targets(const std::vector<LabelCell>& labels, const std::vector<std::string>& classes,
                      const std::string& column, const std::string& source, Matrix& y) {
  std::unordered_map<std::string_view, std::size_t> index_of;
  for (std::size_t i = 0; i < classes.size(); ++i) index_of.emplace(classes[i], i);
  for (std::size_t row = 0; row < labels.size(); ++row) {
    const auto found = index_of.find(labels[row].text);
    if (found == index_of.end())
      throw Error(source + ":" + std::to_string(labels[row].line) + ": " + column + ": label " +
                  in_quotes(labels[row].text) + " is not one of the training data's classes (" + join(classes, ", ") +
                  "); fix the label or add samples of that class to the training data");
    y(static_cast<Eigen::Index>(row), 0) = static_cast<float>(found->second);
  }
}

std::vector<std::string> sorted_classes(const std::vector<LabelCell>& labels) {
  std::set<std::string> distinct;
  for (const auto& label : labels) distinct.insert(label.text);
  return {distinct.begin(), distinct.end()};
}

struct CsvColumns {
  std::vector<LabelCell> labels;
  std::string label_column;  // as errors name it
};

Dataset read_csv(std::string_view text, const std::string& source, const std::string& label_column,
                 CsvColumns& columns_out) {
  const auto at = [&](std::size_t line) { return source + ":" + std::to_string(line); };

  csv::Reader reader(text, source);
  csv::Record record;
  if (!reader.next(record))
    throw Error("data file '" + source + "' is empty; expected a header row naming the columns, then one row per sample");
  std::vector<std::string> columns;
  for (std::size_t i = 0; i < record.size(); ++i) columns.push_back(record[i]);
  const std::size_t header_line = record.line;
  const std::size_t label_index = find_label_column(columns, label_column, at(header_line));
  const std::size_t feature_count = columns.size() - 1;
  if (feature_count == 0)
    throw Error(at(header_line) + ": the header has only the label column " + in_quotes(label_column) +
                "; a CSV needs at least one numeric feature column besides it");

  std::vector<float> features;
  std::vector<LabelCell> labels;
  while (reader.next(record)) {
    if (record.size() != columns.size())
      throw Error(at(record.line) + ": expected " + std::to_string(columns.size()) + " fields as in the header, found " +
                  std::to_string(record.size()) + "; check for a missing or extra comma");
    for (std::size_t i = 0; i < record.size(); ++i) {
      if (i == label_index) {
        if (record[i].empty())
          throw Error(at(record.line) + ": " + column_text(columns, i) + ": the label is empty; every row needs one");
        labels.push_back({record[i], record.line});
        continue;
      }
      const ParsedNumber parsed = parse_number(record[i]);
      if (parsed.status != NumberStatus::ok)
        throw Error(at(record.line) + ": " + column_text(columns, i) + ": " + number_problem(parsed.status, record[i]));
      features.push_back(parsed.value);
    }
  }
  if (labels.empty())
    throw Error("data file '" + source + "' has a header (line " + std::to_string(header_line) +
                ") but no data rows; add one row per sample below it");

  const auto values = checked_multiply(labels.size(), feature_count);
  if (!values || *values != features.size())
    throw Error(source + ": " + std::to_string(labels.size()) + " rows of " + std::to_string(feature_count) +
                " features do not add up to the values read; report this as a bug");
  Dataset dataset;
  dataset.x = Eigen::Map<const Matrix>(features.data(), static_cast<Eigen::Index>(labels.size()),
                                       static_cast<Eigen::Index>(feature_count));
  dataset.y.resize(static_cast<Eigen::Index>(labels.size()), 1);
  columns_out.label_column = column_text(columns, label_index);
  columns_out.labels = std::move(labels);
  return dataset;
}

}  // namespace

Dataset parse_csv(std::string_view text, const std::string& source, const std::string& label_column,
                  const std::vector<std::string>* training_classes) {
  CsvColumns read;
  Dataset dataset = read_csv(text, source, label_column, read);
  // The training split's classes are words, so every label here is looked up as one: a
  // number ("0") is not silently taken as an index.
  if (training_classes && !training_classes->empty()) {
    dataset.class_names = *training_classes;
    words_to_targets(read.labels, dataset.class_names, read.label_column, source, dataset.y);
    return dataset;
  }
  const bool words = labels_are_words(read.labels, read.label_column, source);
  if (training_classes && words) {
    const LabelCell& word = *first_with(read.labels, false);
    throw Error(source + ":" + std::to_string(word.line) + ": " + read.label_column + ": label " + in_quotes(word.text) +
                " is a word, but the training data's labels are numbers; use the same kind of labels in every split");
  }
  if (!words) {
    numbers_to_targets(read.labels, dataset.y);
    return dataset;
  }
  dataset.class_names = sorted_classes(read.labels);
  words_to_targets(read.labels, dataset.class_names, read.label_column, source, dataset.y);
  return dataset;
}

Dataset load_csv(const std::filesystem::path& path, const std::string& label_column) {
  return parse_csv(read_text(path, "data file"), path.string(), label_column, nullptr);
}

Dataset load_csv(const std::filesystem::path& path, const std::string& label_column,
                 const std::vector<std::string>& training_classes) {
  return parse_csv(read_text(path, "data file"), path.string(), label_column, &training_classes);
}

}  // namespace nnplug
