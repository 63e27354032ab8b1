#pragma once
// compile() + fit()/evaluate()/predict(): the training loop, with Keras's semantics
// for batching, validation_split, logs and callbacks.
#include <nnplug/losses/loss.hpp>
#include <nnplug/metrics/metric.hpp>
#include <nnplug/model/model.hpp>
#include <nnplug/optimizer/optimizer_runner.hpp>
#include <nnplug/train/logs.hpp>

#include <filesystem>
#include <memory>
#include <ostream>
#include <vector>

namespace nnplug {

struct FitOptions {
  int epochs = 1;
  int initial_epoch = 0;
  std::size_t batch_size = 32;
  bool shuffle = true;
  double validation_split = 0.0;  // the last fraction of the samples, taken before shuffling
  std::uint64_t seed = 0;         // shuffling and dropout masks
  int verbose = 2;                 // what callbacks print: 0 nothing, 1 a bar, 2 a line per epoch
  std::ostream* out = nullptr;     // where callbacks print; nullptr for silence
  std::filesystem::path output_dir;  // where callbacks write files ("" for none)
};

class Trainer {
 public:
  Trainer(Sequential& model, OptimizerRunner optimizer, std::unique_ptr<Loss> loss,
          std::vector<std::unique_ptr<Metric>> metrics);

  // Callbacks run in the order added (a run adds the config's, then history and progress).
  void add_callback(Loaded<Callback> callback);
  // A callback built in this process (the core's own, or an embedding program's).
  void add_callback(std::unique_ptr<Callback> callback, std::string name);

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
  // Whether any layer has a regularizer, so the logs carry reg_loss.
  bool regularized() const;
  // Targets in the form the loss needs; `what` names the data in errors.
  Matrix prepare_targets(const Matrix& y, const std::string& what) const;

 private:
  struct Totals;
  void check_inputs(const Matrix& x, const Matrix& y, const std::string& what) const;
  // The training rows of fit's data, viewed in place rather than copied.
  using Rows = Eigen::Ref<const Matrix>;
  void gather(const Rows& source, const std::vector<std::size_t>& order, std::size_t begin, std::size_t count,
              BatchBuffer& batch) const;
  static const Matrix& rows_of(const Matrix& source, Eigen::Index begin, Eigen::Index count, BatchBuffer& buffer);
  void check_callbacks() const;
  template <class Hook>
  void each_callback(class FitContext& context, Hook&& hook);
  Logs run_epoch(const Rows& x, const Rows& y, const FitOptions& options, int epoch, FitContext& context);

  Sequential& model_;
  OptimizerRunner optimizer_;
  std::unique_ptr<Loss> loss_;
  std::vector<std::unique_ptr<Metric>> metrics_;
  std::vector<std::string> metric_names_;  // kept, so batch logs are updated without allocating
  std::vector<Loaded<Callback>> callbacks_;
  std::vector<std::size_t> batch_callbacks_;  // indices of those that use batch hooks
  Rng rng_;
  std::vector<std::size_t> order_;
  BatchBuffer batch_x_, batch_y_, loss_gradient_;
};

}  // namespace nnplug
