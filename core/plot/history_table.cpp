#include <nnplug/base/error.hpp>
#include <nnplug/base/files.hpp>
#include <nnplug/plot/history_table.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>

namespace nnplug {

namespace {

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

// Missing or unplottable values (HistoryCsv writes NA for a key an epoch lacks) become gaps.
bool parse_value(const std::string& text, double& value) {
  if (text == "NA" || text == "nan" || text == "-nan" || text == "inf" || text == "-inf") {
    value = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  const char* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  return result.ec == std::errc() && result.ptr == end && !text.empty();
}

std::filesystem::path history_file(const std::filesystem::path& run) {
  if (!std::filesystem::exists(run))
    throw Error("plot: '" + run.string() + "': no such run directory; give the output.dir of a training run");
  if (!std::filesystem::is_directory(run)) return run;
  const auto file = run / "history.csv";
  if (!std::filesystem::is_regular_file(file))
    throw Error("plot: '" + run.string() + "' has no history.csv; give the output.dir of a training run that " +
                "finished at least one epoch");
  return file;
}

}  // namespace

HistoryTable read_history(const std::filesystem::path& run) {
  HistoryTable table;
  table.file = history_file(run);
  std::istringstream text(read_text(table.file, "history file"));
  const std::string where = "plot: " + table.file.string();
  std::string line;
  std::size_t number = 0;
  while (std::getline(text, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    auto fields = split_fields(line);
    if (table.columns.empty()) {
      if (fields.front() != "epoch")
        throw Error(where + ":" + std::to_string(number) + ": the header must start with 'epoch' (as nnplug and " +
                    "Keras's CSVLogger write it), found '" + fields.front() + "'");
      table.columns = std::move(fields);
      continue;
    }
    if (fields.size() != table.columns.size())
      throw Error(where + ":" + std::to_string(number) + ": " + std::to_string(fields.size()) + " fields, but the " +
                  "header has " + std::to_string(table.columns.size()) + " columns");
    std::vector<double> row(fields.size());
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (!parse_value(fields[i], row[i]) || (i == 0 && !std::isfinite(row[i])))
        throw Error(where + ":" + std::to_string(number) + ": '" + fields[i] + "' in column '" + table.columns[i] +
                    "' is not a number");
    table.rows.push_back(std::move(row));
  }
  if (table.rows.empty()) throw Error(where + ": no epochs in the file; nothing to plot");
  return table;
}

}  // namespace nnplug
