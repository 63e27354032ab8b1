#pragma once
// Things that watch training (progress output, history.csv). Learning-rate schedulers
// are plugins (sdk/scheduler.hpp); these are the core's own observers.
#include <nnplug/logs.hpp>

#include <cstddef>

namespace nnplug {

struct TrainInfo {
  int initial_epoch = 0;
  int epochs = 1;
  std::size_t steps_per_epoch = 0;
  std::size_t samples = 0;
};

class Callback {
 public:
  virtual ~Callback() = default;
  virtual void on_train_begin(const TrainInfo& /*info*/) {}
  virtual void on_epoch_begin(int /*epoch*/) {}
  virtual void on_epoch_end(int /*epoch*/, const Logs& /*logs*/) {}
  virtual void on_train_end() {}
};

}  // namespace nnplug
