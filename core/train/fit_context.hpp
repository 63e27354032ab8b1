#pragma once
// The host side of the callback seam: what a callback's hooks read and change during
// fit(), backed by the trainer's model, optimizer and logs.
#include <nnplug/io/numpy/npz.hpp>
#include <nnplug/model/model.hpp>
#include <nnplug/optimizer/optimizer_runner.hpp>
#include <nnplug/sdk/callback.hpp>
#include <nnplug/train/logs.hpp>

#include <functional>
#include <map>
#include <string>

namespace nnplug {

struct FitOptions;

class FitContext final : public CallbackContext {
 public:
  FitContext(Sequential& model, OptimizerRunner& optimizer, const FitOptions& options, std::int64_t steps_per_epoch,
             std::function<Direction(const std::string&)> direction);

  // The logs the next hooks see (batch logs or epoch logs); callbacks may add keys.
  void use_logs(Logs& logs) { logs_ = &logs; }
  // Which callback runs next, so each one's weight snapshots are its own.
  void set_caller(std::size_t index) { caller_ = index; }

  std::optional<double> log(std::string_view key) const override;
  std::vector<std::string> log_keys() const override;
  void set_log(std::string_view key, double value) override;
  Direction direction(std::string_view key) const override;
  double learning_rate() const override;
  void set_learning_rate(double learning_rate) override;
  void stop_training() override { stop_ = true; }
  bool stop_requested() const override { return stop_; }
  void snapshot_weights(std::string_view key) override;
  bool restore_weights(std::string_view key) override;
  void save_weights(const std::string& path) override;
  int epochs() const override;
  std::int64_t steps_per_epoch() const override { return steps_per_epoch_; }
  std::int64_t iterations() const override { return optimizer_.iterations(); }
  std::string output_dir() const override;
  int verbose() const override;
  void message(std::string_view line) override;
  void warn(std::string_view line) override;

 private:
  std::string own_key(std::string_view key) const { return std::to_string(caller_) + "/" + std::string(key); }

  Sequential& model_;
  OptimizerRunner& optimizer_;
  const FitOptions& options_;
  std::int64_t steps_per_epoch_;
  std::function<Direction(const std::string&)> direction_;
  Logs* logs_ = nullptr;
  std::size_t caller_ = 0;
  bool stop_ = false;
  std::map<std::string, std::vector<NamedArray>> snapshots_;
};

}  // namespace nnplug
