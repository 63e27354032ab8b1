#pragma once
// The core's own callbacks, on the same seam as plugin callbacks: Keras's epoch line
// (verbose=2) and history.csv.
#include <nnplug/sdk/callback.hpp>

#include <chrono>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace nnplug {

// "Epoch 3/10" then "938/938 - 2s - 3ms/step - accuracy: 0.8510 - loss: 0.4123 - ...".
class ProgressLogger final : public Callback {
 public:
  explicit ProgressLogger(std::ostream& out) : out_(out) {}
  void on_epoch_begin(int epoch, CallbackContext& context) override;
  void on_epoch_end(int epoch, CallbackContext& context) override;

 private:
  std::ostream& out_;
  std::chrono::steady_clock::time_point epoch_start_;
};

// Keras's value format: 4 decimals, or scientific for small magnitudes.
std::string format_log_value(double value);

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
