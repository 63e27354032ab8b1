#pragma once
// Metrics reported per epoch. "accuracy"/"acc" resolve as Keras resolves them, from the
// shapes: binary (one output, threshold 0.5), sparse (index targets) or categorical.
#include <nnplug/sdk/callback.hpp>
#include <nnplug/sdk/tensor.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace nnplug {

class Metric {
 public:
  // Names: accuracy/acc, mse/mean_squared_error, mae/mean_absolute_error.
  // Unknown -> Error naming `where` with the nearest names.
  static std::unique_ptr<Metric> create(std::string_view name, std::string_view where);
  virtual ~Metric() = default;

  virtual std::string name() const = 0;  // as the user wrote it ("accuracy", "acc")
  virtual Direction direction() const = 0;
  // Sum over the batch's samples of the per-sample value (e.g. number correct); the
  // trainer divides the epoch's sum by the number of samples.
  double sum(const Matrix& y_pred, const Matrix& y_true) const;
  // Throws unless a batch of these shapes fits the metric; once per batch, before row().
  virtual void check(const Matrix& y_pred, const Matrix& y_true) const = 0;
  // One sample's value, for a batch check() accepted: the trainer calls it from inside the
  // loss's pass over the batch, so a metric adds no pass of its own.
  virtual double row(const Matrix& y_pred, const Matrix& y_true, Eigen::Index i) const = 0;
};

}  // namespace nnplug
