#include "progress_bar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nnplug {

namespace {
constexpr int bar_width = 20;
constexpr const char* bar_piece = "\u2501";  // ━
constexpr const char* bold = "\x1b[1m";
constexpr const char* green = "\x1b[32m";
constexpr const char* grey = "\x1b[37m";
constexpr const char* reset = "\x1b[0m";

int digits(std::int64_t value) { return value < 10 ? 1 : 1 + digits(value / 10); }
}  // namespace

ProgressBar::ProgressBar(std::ostream& out, bool terminal, double interval_seconds)
    : out_(out), terminal_(terminal),
      interval_(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval_seconds))) {
  line_.reserve(1024);
}

void ProgressBar::start(std::int64_t target) {
  target_ = target;
  start_ = after_first_step_ = Clock::now();
  drawn_ = false;
  previous_width_ = 0;
}

template <class... Values>
void append_formatted(std::string& line, const char* format, Values... values) {
  char buffer[128];
  const int size = std::snprintf(buffer, sizeof buffer, format, values...);
  if (size > 0) line.append(buffer, std::size_t(std::min<int>(size, int(sizeof buffer) - 1)));
}

void ProgressBar::append(const char* format, auto... values) { append_formatted(line_, format, values...); }

// Keras's estimate leaves out the first step, which carries the warm-up.
double ProgressBar::seconds_per_step(std::int64_t current, Clock::time_point now) {
  if (current <= 0) return 0.0;
  const auto since = [&](Clock::time_point t) { return std::chrono::duration<double>(now - t).count(); };
  const double per_step = current > 1 ? since(after_first_step_) / double(current - 1) : since(start_) / double(current);
  if (current == 1) after_first_step_ = now;
  return per_step;
}

void ProgressBar::update(std::int64_t current, const CallbackContext& context, std::span<const std::string> keys) {
  const auto now = Clock::now();
  if (drawn_ && now - last_draw_ < interval_) return;
  draw(current, false, context, keys, now);
}

void ProgressBar::finish(std::int64_t current, const CallbackContext& context, std::span<const std::string> keys) {
  draw(current, true, context, keys, Clock::now());
}

void ProgressBar::draw(std::int64_t current, bool final, const CallbackContext& context,
                       std::span<const std::string> keys, Clock::time_point now) {
  const auto style = [&](const char* code) { return terminal_ ? code : ""; };
  line_.clear();
  if (terminal_ && drawn_) line_ += '\r';
  const std::size_t begin = line_.size();

  const std::int64_t target = std::max(target_, current);
  append("%s%*lld/%lld%s ", style(bold), digits(target), static_cast<long long>(current),
         static_cast<long long>(target), style(reset));
  const int done = target > 0 ? int(bar_width * current / target) : bar_width;
  if (done > 0) line_ += style(green);
  for (int i = 0; i < bar_width; ++i) {
    if (i == done) line_.append(style(reset)).append(style(grey));
    line_ += bar_piece;
  }
  line_ += style(reset);

  const double per_step = seconds_per_step(current, now);
  if (final) {
    append(" %s%.0fs%s", style(bold), std::chrono::duration<double>(now - start_).count(), style(reset));
  } else {
    const auto eta = static_cast<long long>(per_step * double(target - current));
    if (eta > 3600)
      append(" %s%lld:%02lld:%02lld%s", style(bold), eta / 3600, (eta % 3600) / 60, eta % 60, style(reset));
    else if (eta > 60)
      append(" %s%lld:%02lld%s", style(bold), eta / 60, eta % 60, style(reset));
    else
      append(" %s%llds%s", style(bold), eta, style(reset));
  }
  if (per_step >= 1.0 || per_step == 0.0)
    append(" %.0fs/step", per_step);
  else if (per_step >= 1e-3)
    append(" %.0fms/step", per_step * 1e3);
  else
    append(" %.0fus/step", per_step * 1e6);

  for (const auto& key : keys) {
    const auto value = context.log(key);
    if (!value) continue;
    line_.append(" - ").append(key).append(":");
    append(std::abs(*value) > 1e-3 ? " %.4f" : " %.4e", *value);
  }

  // A shorter line than the last one must overwrite its tail.
  const std::size_t width = line_.size() - begin;
  if (terminal_ && width < previous_width_) line_.append(previous_width_ - width, ' ');
  previous_width_ = width;
  if (final || !terminal_) line_ += '\n';
  out_.write(line_.data(), std::streamsize(line_.size()));
  out_.flush();
  drawn_ = true;
  last_draw_ = now;
}

}  // namespace nnplug
