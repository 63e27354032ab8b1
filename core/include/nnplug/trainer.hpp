#pragma once
// compile() + fit()/evaluate()/predict(): the training loop, with Keras's semantics
// for batching, validation_split, logs and learning-rate hooks.
#include <nnplug/callback.hpp>
#include <nnplug/loss.hpp>
#include <nnplug/metric.hpp>
#include <nnplug/model.hpp>
#include <nnplug/optimizer_runner.hpp>

#include <memory>
#include <vector>

namespace nnplug {

struct FitOptions {
  int epochs = 1;
  int initial_epoch = 0;
  std::size_t batch_size = 32;
  bool shuffle = true;
  double validation_split = 0.0;  // the last fraction of the samples, taken before shuffling
  std::uint64_t seed = 0;         // shuffling and dropout masks
};

class Trainer {
 public:
  Trainer(Sequential& model, OptimizerRunner optimizer, std::unique_ptr<Loss> loss,
          std::vector<std::unique_ptr<Metric>> metrics);

  void add_scheduler(Loaded<Scheduler> scheduler);
  void add_callback(std::unique_ptr<Callback> callback);

  // y in any form the loss accepts (class indices are one-hot encoded when it needs).
  // Returns the logs of every epoch.
  std::vector<Logs> fit(const Matrix& x, const Matrix& y, const FitOptions& options, const Matrix* validation_x = nullptr,
                        const Matrix* validation_y = nullptr);
  Logs evaluate(const Matrix& x, const Matrix& y, std::size_t batch_size = 32);
  Matrix predict(const Matrix& x, std::size_t batch_size = 32);

  OptimizerRunner& optimizer() { return optimizer_; }
  const Loss& loss() const { return *loss_; }
  Sequential& model() { return model_; }
  // Which way is better for a log key (Keras's mode="auto"): loss down, accuracy up.
  Direction direction(const std::string& key) const;
  // Targets in the form the loss needs; `what` names the data in errors.
  Matrix prepare_targets(const Matrix& y, const std::string& what) const;

 private:
  struct Totals;
  void check_inputs(const Matrix& x, const Matrix& y, const std::string& what) const;
  // The training rows of fit's data, viewed in place rather than copied.
  using Rows = Eigen::Ref<const Matrix>;
  void gather(const Rows& source, const std::vector<std::size_t>& order, std::size_t begin, std::size_t count,
              BatchBuffer& batch) const;
  void apply_schedule(const std::optional<double>& learning_rate);
  Logs run_epoch(const Rows& x, const Rows& y, const FitOptions& options, int epoch);

  Sequential& model_;
  OptimizerRunner optimizer_;
  std::unique_ptr<Loss> loss_;
  std::vector<std::unique_ptr<Metric>> metrics_;
  std::vector<Loaded<Scheduler>> schedulers_;
  std::vector<std::unique_ptr<Callback>> callbacks_;
  Rng rng_;
  std::vector<std::size_t> order_;
  BatchBuffer batch_x_, batch_y_, loss_gradient_;
};

}  // namespace nnplug
