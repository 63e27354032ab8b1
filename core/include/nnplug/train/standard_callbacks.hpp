#pragma once
// The core's own callbacks, on the same seam as plugin callbacks: Keras's progress output
// and history.csv.
#include <nnplug/sdk/callback.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace nnplug {

class ProgressBar;

// Keras's ProgbarLogger. "Epoch 3/10" (when epochs > 1), then with verbose 1 a bar redrawn
// in place while the epoch runs, ending in the epoch's summary:
//   "938/938 ━━━━━━━━━━━━━━━━━━━━ 2s 3ms/step - accuracy: 0.8510 - loss: 0.4123 - val_..."
// and with verbose 2 that summary alone, as "938/938 - 2s - 3ms/step - accuracy: ...".
// verbose 0 prints nothing.
struct ProgressOptions {
  int verbose = 2;
  bool terminal = false;          // redraw the bar in place (and colour it); else whole lines
  double interval_seconds = 0.1;  // least time between two redraws of the bar
};

class ProgressLogger final : public Callback {
 public:
  explicit ProgressLogger(std::ostream& out, ProgressOptions options = {});
  ~ProgressLogger() override;
  // Only the bar needs the batch hooks; without them the trainer builds no batch logs.
  bool uses_batch_hooks() const override { return options_.verbose == 1; }
  void on_train_begin(CallbackContext& context) override;
  void on_epoch_begin(int epoch, CallbackContext& context) override;
  void on_train_batch_end(std::int64_t batch, CallbackContext& context) override;
  void on_epoch_end(int epoch, CallbackContext& context) override;

 private:
  void print_epoch_line(CallbackContext& context);

  std::ostream& out_;
  ProgressOptions options_;
  std::unique_ptr<ProgressBar> bar_;
  std::vector<std::string> batch_keys_;  // read once per fit, so redraws allocate nothing
  std::int64_t steps_seen_ = 0;
  std::chrono::steady_clock::time_point epoch_start_;
};

// Keras's value format: 4 decimals, or scientific for small magnitudes.
std::string format_log_value(double value);

// The shortest text that reads back as the value as it was computed: a value that is
// exactly a float32 (the learning rate) as the shortest float32 ("0.001", not
// "0.0010000000474974513"), any other as the shortest double. NaN and infinities as
// "nan", "inf", "-inf".
std::string shortest_number(double value);

// history.csv like Keras's CSVLogger: "epoch" (0-based) then the keys sorted; rewritten
// atomically after every epoch so an interrupted run keeps what it finished.
class HistoryCsv final : public Callback {
 public:
  explicit HistoryCsv(std::filesystem::path path) : path_(std::move(path)) {}
  void on_train_begin(CallbackContext&) override { text_.clear(), keys_.clear(); }
  void on_epoch_end(int epoch, CallbackContext& context) override;

 private:
  std::filesystem::path path_;
  std::vector<std::string> keys_;
  std::string text_;
};

}  // namespace nnplug
