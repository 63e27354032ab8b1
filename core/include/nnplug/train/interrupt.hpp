#pragma once
// Ending a run cleanly on Ctrl-C (SIGINT) or SIGTERM: the current batch finishes, the
// partly run epoch is dropped, and the run keeps the weights and history of the epochs it
// finished, so the two always belong to the same epoch.
#include <nnplug/sdk/callback.hpp>

#include <memory>

namespace nnplug {

// While one lives, SIGINT and SIGTERM only set a flag that StopOnSignal reads; a second
// signal ends the process at once (its default action), e.g. when saving takes too long.
// The handlers in place before are restored when it goes.
class SignalStop {
 public:
  SignalStop();
  ~SignalStop();
  SignalStop(const SignalStop&) = delete;
  SignalStop& operator=(const SignalStop&) = delete;

  // The signal that arrived (SIGINT or SIGTERM), 0 while none did.
  static int received();

 private:
  struct Saved;
  std::unique_ptr<Saved> saved_;
};

// "SIGINT", "SIGTERM", else "signal N".
std::string signal_name(int signal);

// What StopOnSignal tells the rest of the run.
struct InterruptState {
  bool cut_short = false;      // an epoch was left before its last batch
  int last_finished_epoch = 0;  // 1-based number of the last epoch run to its end, 0 for none
};

// Stops fit after the batch during which a signal arrived (or after the epoch, when it
// was the epoch's last batch), and puts back the weights of the last finished epoch.
// It snapshots the weights at every epoch end, so it is added only by runs that catch
// signals.
class StopOnSignal final : public Callback {
 public:
  explicit StopOnSignal(InterruptState& state) : state_(state) {}
  bool uses_batch_hooks() const override { return true; }
  void on_train_begin(CallbackContext& context) override;
  void on_train_batch_end(std::int64_t batch, CallbackContext& context) override;
  void on_epoch_end(int epoch, CallbackContext& context) override;
  void on_train_end(CallbackContext& context) override;

 private:
  InterruptState& state_;
};

// Passes every hook to `inner` except the end of an epoch that was cut short, so a file
// such as history.csv holds finished epochs only.
class FinishedEpochsOnly final : public Callback {
 public:
  FinishedEpochsOnly(std::unique_ptr<Callback> inner, const InterruptState& state)
      : inner_(std::move(inner)), state_(state) {}
  bool uses_batch_hooks() const override { return inner_->uses_batch_hooks(); }
  void on_train_begin(CallbackContext& context) override { inner_->on_train_begin(context); }
  void on_epoch_begin(int epoch, CallbackContext& context) override { inner_->on_epoch_begin(epoch, context); }
  void on_train_batch_begin(std::int64_t batch, CallbackContext& context) override {
    inner_->on_train_batch_begin(batch, context);
  }
  void on_train_batch_end(std::int64_t batch, CallbackContext& context) override {
    inner_->on_train_batch_end(batch, context);
  }
  void on_epoch_end(int epoch, CallbackContext& context) override {
    if (!state_.cut_short) inner_->on_epoch_end(epoch, context);
  }
  void on_train_end(CallbackContext& context) override { inner_->on_train_end(context); }

 private:
  std::unique_ptr<Callback> inner_;
  const InterruptState& state_;
};

}  // namespace nnplug
