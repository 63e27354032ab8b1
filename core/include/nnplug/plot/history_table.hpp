#pragma once
// A run's history.csv read back: the "epoch" column and one column per logged quantity.
#include <filesystem>
#include <string>
#include <vector>

namespace nnplug {

struct HistoryTable {
  std::filesystem::path file;
  std::vector<std::string> columns;       // as in the header, "epoch" first
  std::vector<std::vector<double>> rows;  // one per epoch; NaN where the file has NA, nan or inf
};

// `run` is a run directory (its history.csv is read) or a history CSV file. Throws Error
// naming the file (and line) when it is missing, has no epochs, or a field is not a number.
HistoryTable read_history(const std::filesystem::path& run);

}  // namespace nnplug
