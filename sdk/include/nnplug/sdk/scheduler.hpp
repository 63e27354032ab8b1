#pragma once
// Learning-rate schedulers and LR callbacks (LearningRateScheduler, ReduceLROnPlateau,
// ExponentialDecay, ...). Each hook may return a new learning rate; returning nothing
// leaves it alone. State that must survive a checkpoint goes through state()/load_state().
#include <nnplug/sdk/plugin.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace nnplug {

enum class Direction { minimize, maximize, unknown };

struct EpochLogs {
  std::map<std::string, double> values;  // "loss", "accuracy", "val_loss", ...
  // Which way is better for a key (loss -> minimize, accuracy -> maximize); Keras's mode="auto".
  std::function<Direction(const std::string&)> direction = [](const std::string&) { return Direction::unknown; };
};

class NNPLUG_SDK_API Scheduler : public Plugin {
 public:
  virtual std::optional<double> on_train_begin(double /*learning_rate*/) { return std::nullopt; }
  // epoch is 0-based, like Keras's.
  virtual std::optional<double> on_epoch_begin(int /*epoch*/, double /*learning_rate*/) { return std::nullopt; }
  // iteration: updates applied so far (0 on the very first batch), Keras's optimizer.iterations.
  virtual std::optional<double> on_batch_begin(std::int64_t /*iteration*/, double /*learning_rate*/) {
    return std::nullopt;
  }
  virtual std::optional<double> on_epoch_end(int /*epoch*/, double /*learning_rate*/, const EpochLogs& /*logs*/) {
    return std::nullopt;
  }
  virtual Json state() const { return Json::object(); }
  virtual void load_state(const Json& /*state*/) {}
};

}  // namespace nnplug
