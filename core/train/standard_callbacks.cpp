#include <nnplug/base/files.hpp>
#include <nnplug/train/standard_callbacks.hpp>

#include "progress_bar.hpp"

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

ProgressLogger::ProgressLogger(std::ostream& out, ProgressOptions options) : out_(out), options_(options) {
  if (options_.verbose == 1) bar_ = std::make_unique<ProgressBar>(out_, options_.terminal, options_.interval_seconds);
}

ProgressLogger::~ProgressLogger() = default;

void ProgressLogger::on_train_begin(CallbackContext&) { batch_keys_.clear(); }

void ProgressLogger::on_epoch_begin(int epoch, CallbackContext& context) {
  if (options_.verbose == 0) return;
  if (context.epochs() > 1) out_ << "Epoch " << epoch + 1 << "/" << context.epochs() << "\n" << std::flush;
  epoch_start_ = std::chrono::steady_clock::now();
  steps_seen_ = 0;
  if (bar_) bar_->start(context.steps_per_epoch());
}

void ProgressLogger::on_train_batch_end(std::int64_t batch, CallbackContext& context) {
  if (!bar_) return;
  if (batch_keys_.empty()) batch_keys_ = context.log_keys();
  steps_seen_ = batch + 1;
  bar_->update(steps_seen_, context, batch_keys_);
}

void ProgressLogger::on_epoch_end(int, CallbackContext& context) {
  if (options_.verbose == 0) return;
  // Like Keras, a stopped epoch's bar ends at the steps it ran.
  if (bar_) return bar_->finish(steps_seen_ > 0 ? steps_seen_ : context.steps_per_epoch(), context, context.log_keys());
  print_epoch_line(context);
}

void ProgressLogger::print_epoch_line(CallbackContext& context) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_start_).count();
  const std::int64_t steps = context.steps_per_epoch();
  const double per_step = seconds / double(std::max<std::int64_t>(1, steps));
  char timing[96];
  if (per_step >= 1.0)
    std::snprintf(timing, sizeof timing, "%.0fs/step", per_step);
  else if (per_step >= 1e-3)
    std::snprintf(timing, sizeof timing, "%.0fms/step", per_step * 1e3);
  else
    std::snprintf(timing, sizeof timing, "%.0fus/step", per_step * 1e6);
  out_ << steps << "/" << steps << " - " << std::lround(seconds) << "s - " << timing;
  for (const auto& key : context.log_keys()) out_ << " - " << key << ": " << format_log_value(*context.log(key));
  out_ << "\n" << std::flush;
}

std::string shortest_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  const auto as_float = static_cast<float>(value);
  const auto result = double(as_float) == value ? std::to_chars(buffer, buffer + sizeof buffer, as_float)
                                                : std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

void HistoryCsv::on_epoch_end(int epoch, CallbackContext& context) {
  if (keys_.empty()) {
    keys_ = context.log_keys();
    std::sort(keys_.begin(), keys_.end());
    text_ = "epoch";
    for (const auto& key : keys_) text_.append(",").append(key);
    text_ += "\n";
  }
  text_ += std::to_string(epoch);
  for (const auto& key : keys_) {
    const auto value = context.log(key);
    text_.append(",").append(value ? shortest_number(*value) : std::string("NA"));
  }
  text_ += "\n";
  write_text_atomically(path_, text_);
}

}  // namespace nnplug
