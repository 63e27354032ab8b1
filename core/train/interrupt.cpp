#include <nnplug/train/interrupt.hpp>

#include <csignal>
#include <string>

namespace nnplug {

namespace {

volatile std::sig_atomic_t received_signal = 0;

extern "C" void remember_signal(int signal) {
  if (received_signal != 0) {
    // The second signal: the user does not want to wait for the save.
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  received_signal = signal;
}

constexpr const char* finished_key = "last_finished_epoch";

}  // namespace

struct SignalStop::Saved {
  struct sigaction interrupt {};
  struct sigaction terminate {};
};

SignalStop::SignalStop() : saved_(std::make_unique<Saved>()) {
  received_signal = 0;
  struct sigaction action {};
  action.sa_handler = remember_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // reads and writes in progress go on rather than fail with EINTR
  sigaction(SIGINT, &action, &saved_->interrupt);
  sigaction(SIGTERM, &action, &saved_->terminate);
}

SignalStop::~SignalStop() {
  sigaction(SIGINT, &saved_->interrupt, nullptr);
  sigaction(SIGTERM, &saved_->terminate, nullptr);
}

int SignalStop::received() { return received_signal; }

std::string signal_name(int signal) {
  if (signal == SIGINT) return "SIGINT";
  if (signal == SIGTERM) return "SIGTERM";
  return "signal " + std::to_string(signal);
}

void StopOnSignal::on_train_begin(CallbackContext& context) {
  state_ = InterruptState{};
  if (SignalStop::received()) context.stop_training();
}

void StopOnSignal::on_train_batch_end(std::int64_t batch, CallbackContext& context) {
  if (!SignalStop::received() || batch + 1 >= context.steps_per_epoch()) return;
  state_.cut_short = true;
  context.stop_training();
}

void StopOnSignal::on_epoch_end(int epoch, CallbackContext& context) {
  if (state_.cut_short) return;
  state_.last_finished_epoch = epoch + 1;
  if (SignalStop::received()) return context.stop_training();
  context.snapshot_weights(finished_key);
}

void StopOnSignal::on_train_end(CallbackContext& context) {
  if (state_.cut_short) context.restore_weights(finished_key);
}

}  // namespace nnplug
