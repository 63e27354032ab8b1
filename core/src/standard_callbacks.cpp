#include <nnplug/files.hpp>
#include <nnplug/standard_callbacks.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace nnplug {

std::string format_log_value(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, value > 1e-3 ? "%.4f" : "%.4e", value);
  return buffer;
}

void ProgressLogger::on_train_begin(const TrainInfo& info) { info_ = info; }

void ProgressLogger::on_epoch_begin(int epoch) {
  if (info_.epochs > 1) out_ << "Epoch " << epoch + 1 << "/" << info_.epochs << "\n" << std::flush;
  epoch_start_ = std::chrono::steady_clock::now();
}

void ProgressLogger::on_epoch_end(int, const Logs& logs) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_start_).count();
  const double per_step = seconds / double(std::max<std::size_t>(1, info_.steps_per_epoch));
  char timing[96];
  if (per_step >= 1.0)
    std::snprintf(timing, sizeof timing, "%.0fs/step", per_step);
  else if (per_step >= 1e-3)
    std::snprintf(timing, sizeof timing, "%.0fms/step", per_step * 1e3);
  else
    std::snprintf(timing, sizeof timing, "%.0fus/step", per_step * 1e6);
  out_ << info_.steps_per_epoch << "/" << info_.steps_per_epoch << " - " << std::lround(seconds) << "s - " << timing;
  for (const auto& [key, value] : logs) out_ << " - " << key << ": " << format_log_value(value);
  out_ << "\n" << std::flush;
}

namespace {
std::string shortest(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}
}  // namespace

void HistoryCsv::on_epoch_end(int epoch, const Logs& logs) {
  if (keys_.empty()) {
    for (const auto& [key, value] : logs) keys_.push_back(key);
    std::sort(keys_.begin(), keys_.end());
    text_ = "epoch";
    for (const auto& key : keys_) text_.append(",").append(key);
    text_ += "\n";
  }
  text_ += std::to_string(epoch);
  for (const auto& key : keys_) {
    const auto value = logs.get(key);
    text_.append(",").append(value ? shortest(*value) : std::string("NA"));
  }
  text_ += "\n";
  write_text_atomically(path_, text_);
}

}  // namespace nnplug
