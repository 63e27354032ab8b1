#pragma once
// Something that watches or steers fit(): Keras's callbacks (ReduceLROnPlateau,
// LearningRateScheduler, EarlyStopping, ModelCheckpoint, CSVLogger, TerminateOnNaN) and the
// core's own progress line and history.csv, all on this one seam.
//
// Contract
//   Host guarantees:
//   - Hooks run in the order the callbacks were given (the config's fit.callbacks), then
//     the core's history and progress output, as Keras runs user callbacks before
//     History and ProgbarLogger.
//   - Per fit: load_state() (when resuming) before anything else, on_train_begin once, then
//     per epoch on_epoch_begin, per batch on_train_batch_begin / on_train_batch_end (only
//     for callbacks whose uses_batch_hooks() is true), on_epoch_end after validation, and
//     on_train_end once, also when training stopped early or a callback asked it to stop.
//   - Epochs are 0-based and count from fit's initial_epoch; batches are 0-based within
//     the epoch.
//   - learning_rate() is the optimizer's base rate (float32, before Keras 2's decay). In
//     on_epoch_begin it is the rate the epoch will start with; a set_learning_rate() there
//     applies to that epoch's batches; in on_epoch_end it is the rate of the epoch's last
//     batch, before anything this hook changes.
//   - Logs: at batch end the running means of the epoch so far ("loss", metrics); at epoch
//     end the epoch's values plus val_ values. A key set_log() writes is seen by the later
//     callbacks of the same hook, the progress line and history.csv.
//   - stop_training() ends training after the current batch (batch hook) or epoch; the
//     epoch's remaining hooks and on_train_end still run.
//   Plugin guarantees:
//   - sets_learning_rate() is true for a callback that may call set_learning_rate(), so
//     the host can refuse it next to a per-step schedule before training starts.
//   - state() returns everything needed to continue after load_state() in another process;
//     it is plain JSON (no pointers).
//   - A callback keeps no pointer or reference to the context beyond the hook.
#include <nnplug/sdk/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nnplug {

// Which way a monitored value is better: Keras's mode="auto" resolved from the metric.
enum class Direction { minimize, maximize, unknown };

// What a hook may read and change; the host implements it.
class NNPLUG_SDK_API CallbackContext {
 public:
  virtual std::optional<double> log(std::string_view key) const = 0;
  virtual std::vector<std::string> log_keys() const = 0;  // in display order
  virtual void set_log(std::string_view key, double value) = 0;
  // loss -> minimize, accuracy -> maximize, with a leading "val_" ignored; unknown for a
  // key the run does not know.
  virtual Direction direction(std::string_view key) const = 0;

  virtual double learning_rate() const = 0;
  // Throws when the optimizer's rate is a per-step schedule (it cannot be set).
  virtual void set_learning_rate(double learning_rate) = 0;
  virtual void stop_training() = 0;
  virtual bool stop_requested() const = 0;

  // The host keeps copies of the model's weights under a key of this callback's own
  // (keys of different callbacks never collide). restore_weights returns false when
  // nothing was saved under the key.
  virtual void snapshot_weights(std::string_view key) = 0;
  virtual bool restore_weights(std::string_view key) = 0;
  // Writes the current weights as .npz (numpy-readable, atomically: temporary name, then
  // rename); a relative path is relative to output_dir().
  virtual void save_weights(const std::string& path) = 0;

  virtual int epochs() const = 0;                    // the epoch count fit was asked for
  virtual std::int64_t steps_per_epoch() const = 0;  // batches per epoch
  virtual std::int64_t iterations() const = 0;       // optimizer updates applied so far
  virtual std::string output_dir() const = 0;        // the run's directory; "" when none
  virtual int verbose() const = 0;                   // fit's verbose: 0 silent, 1 bar, 2 lines
  // A line for the user (verbose messages: "Epoch 5: ReduceLROnPlateau reducing ...").
  virtual void message(std::string_view line) = 0;
  // A warning on stderr (a monitored key that is missing).
  virtual void warn(std::string_view line) = 0;

 protected:
  ~CallbackContext() = default;
};

class NNPLUG_SDK_API Callback : public Plugin {
 public:
  virtual void on_train_begin(CallbackContext& /*context*/) {}
  virtual void on_epoch_begin(int /*epoch*/, CallbackContext& /*context*/) {}
  virtual void on_train_batch_begin(std::int64_t /*batch*/, CallbackContext& /*context*/) {}
  virtual void on_train_batch_end(std::int64_t /*batch*/, CallbackContext& /*context*/) {}
  virtual void on_epoch_end(int /*epoch*/, CallbackContext& /*context*/) {}
  virtual void on_train_end(CallbackContext& /*context*/) {}

  // False (the default): the host never calls the batch hooks, and builds no batch logs.
  virtual bool uses_batch_hooks() const { return false; }
  virtual bool sets_learning_rate() const { return false; }

  virtual Json state() const { return Json::object(); }
  virtual void load_state(const Json& /*state*/) {}
};

}  // namespace nnplug
