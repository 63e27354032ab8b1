#pragma once
// Keras 3's Progbar (keras/src/utils/progbar.py) for verbose=1: "12/469 ━━━━━━ 5s 12ms/step
// - accuracy: 0.5012 - loss: 1.2034", redrawn in place on a terminal, at most once per
// interval except the final redraw. Building a line allocates nothing once the line buffer
// has grown to its width, so drawing from a batch hook keeps the training step allocation-free.
#include <nnplug/sdk/callback.hpp>

#include <chrono>
#include <cstdint>
#include <ostream>
#include <span>
#include <string>

namespace nnplug {

class ProgressBar {
 public:
  // terminal: redraw in place with "\r" and colours; otherwise each redraw is a whole line.
  ProgressBar(std::ostream& out, bool terminal, double interval_seconds);

  // A new epoch of `target` steps; the clock starts now.
  void start(std::int64_t target);
  // After step `current` (1-based): redraws unless the last redraw is under the interval old.
  void update(std::int64_t current, const CallbackContext& context, std::span<const std::string> keys);
  // The epoch's last redraw, always drawn, ending the line: elapsed time instead of the ETA.
  void finish(std::int64_t current, const CallbackContext& context, std::span<const std::string> keys);

 private:
  using Clock = std::chrono::steady_clock;
  void draw(std::int64_t current, bool final, const CallbackContext& context, std::span<const std::string> keys,
            Clock::time_point now);
  double seconds_per_step(std::int64_t current, Clock::time_point now);
  void append(const char* format, auto... values);

  std::ostream& out_;
  bool terminal_;
  Clock::duration interval_;
  std::int64_t target_ = 0;
  Clock::time_point start_, after_first_step_, last_draw_;
  bool drawn_ = false;
  std::size_t previous_width_ = 0;
  std::string line_;
};

}  // namespace nnplug
