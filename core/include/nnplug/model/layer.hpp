#pragma once
// Layers of a Sequential model. Buffers live in the layer and are reused from batch to
// batch, so a training step allocates nothing once the batch size is stable.
#include <nnplug/activations/activation.hpp>
#include <nnplug/registry/registry.hpp>

#include <array>
#include <cstdint>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace nnplug {

// A layer's working matrix for the current batch. Eigen reallocates a matrix whenever
// its size changes, and an epoch alternates between the full batch and one smaller last
// batch; keeping one matrix per recently seen row count makes both sizes steady, so the
// training step allocates nothing once each size has been seen.
class BatchBuffer {
 public:
  // The matrix for `rows` x `cols` (contents unspecified); it stays current() until a
  // call with another row count.
  Matrix& sized(Eigen::Index rows, Eigen::Index cols) {
    if (matrices_[current_].rows() != rows) current_ = 1 - current_;  // the other size, or the least recently used
    Matrix& matrix = matrices_[current_];
    matrix.resize(rows, cols);  // a no-op when the shape is unchanged
    return matrix;
  }
  Matrix& current() { return matrices_[current_]; }
  const Matrix& current() const { return matrices_[current_]; }

 private:
  std::array<Matrix, 2> matrices_;
  std::size_t current_ = 0;
};

struct Parameter {
  std::string name;   // Keras path: "dense/kernel", "dense_1/bias"
  Shape shape;        // Keras shape: kernel (inputs, units), bias (units)
  Matrix value;       // kernel: inputs x units; bias: 1 x units
  Matrix gradient;    // same shape; overwritten by every backward
  Loaded<Regularizer> regularizer;  // empty when none
};

class Layer {
 public:
  explicit Layer(std::string name) : name_(std::move(name)) {}
  virtual ~Layer() = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  const std::string& name() const { return name_; }
  virtual std::string type() const = 0;  // "dense", "dropout", "activation"

  // Creates and initialises parameters for inputs of width input_dim.
  virtual void build(std::size_t input_dim, Rng& rng) = 0;
  virtual std::size_t output_dim() const = 0;

  // Returns this layer's output (a buffer it owns, valid until the next forward).
  virtual const Matrix& forward(const Matrix& input, bool training, Rng& rng) = 0;
  // input: what forward last received; grad_output: dL/d(output). Writes every
  // parameter's gradient (including its regularizer's) and returns dL/d(input), or an
  // empty matrix when need_input_grad is false (the first layer).
  virtual const Matrix& backward(const Matrix& input, const Matrix& grad_output, bool need_input_grad) = 0;

  // The activation this layer applies last, when a loss may differentiate through it
  // itself (softmax + categorical cross-entropy); nullptr when the layer has none or
  // its backward must see dL/d(output).
  virtual const Activation* output_activation() const { return nullptr; }
  // backward() for a grad_pre that is already dL/d(pre-activation), i.e. the loss went
  // through output_activation(). Only called on layers that return one.
  virtual const Matrix& backward_pre_activation(const Matrix& /*input*/, const Matrix& /*grad_pre*/,
                                                bool /*need_input_grad*/) {
    throw std::logic_error(name_ + ": backward_pre_activation on a layer without an output_activation()");
  }

  virtual std::vector<Parameter*> parameters() { return {}; }
  // Regularization penalties: weight penalties of the current weights plus the activity
  // penalty of the last forward (divided by its batch size, as Keras does).
  virtual double penalty() const { return 0.0; }
  // Whether any regularizer (weight or activity) contributes to penalty().
  virtual bool has_penalty() const { return false; }

 protected:
  // What backward returns when need_input_grad is false.
  static const Matrix& no_input_gradient() {
    static const Matrix empty;
    return empty;
  }

 private:
  std::string name_;
};

struct DenseOptions {
  std::size_t units = 0;
  Activation activation;
  bool use_bias = true;
  Loaded<Initializer> kernel_initializer;
  Loaded<Initializer> bias_initializer;
  Loaded<Regularizer> kernel_regularizer;    // empty when none
  Loaded<Regularizer> bias_regularizer;      // empty when none
  Loaded<Regularizer> activity_regularizer;  // empty when none
};

class Dense final : public Layer {
 public:
  Dense(std::string name, DenseOptions options);
  std::string type() const override { return "dense"; }
  void build(std::size_t input_dim, Rng& rng) override;
  std::size_t output_dim() const override { return options_.units; }
  const Matrix& forward(const Matrix& input, bool training, Rng& rng) override;
  const Matrix& backward(const Matrix& input, const Matrix& grad_output, bool need_input_grad) override;
  const Activation* output_activation() const override;
  const Matrix& backward_pre_activation(const Matrix& input, const Matrix& grad_pre, bool need_input_grad) override;
  std::vector<Parameter*> parameters() override;
  double penalty() const override;
  bool has_penalty() const override;
  // The kernel and bias regularizers move into parameters() at construction, so here
  // they are empty; the activity regularizer stays.
  const DenseOptions& options() const { return options_; }

 private:
  const Matrix& backward_from_pre(const Matrix& input, const Matrix& grad_pre, bool need_input_grad);

  DenseOptions options_;
  Parameter kernel_;
  Parameter bias_;
  BatchBuffer pre_;         // x W + b
  BatchBuffer out_;         // activation(pre_)
  BatchBuffer grad_pre_;    // dL/d(pre_)
  BatchBuffer grad_input_;  // dL/d(input)
  double activity_penalty_ = 0.0;
};

// Keras's noise_shape for our (batch, features) inputs: which axes get their own random
// draws. An axis that does not is shared (broadcast), as a noise_shape entry of 1 does.
struct NoiseShape {
  bool per_sample = true;
  bool per_feature = true;
  std::optional<std::size_t> features;  // a noise_shape feature count, checked against the input at build
};

// A layer that perturbs its input in training (fit) and is the identity in evaluate and
// predict. Draws come from the layer's own seeded stream when it has a seed, else from
// the model's. Buffers are reused, so a training step allocates nothing once each batch
// size was seen.
class TrainingNoise : public Layer {
 public:
  void build(std::size_t input_dim, Rng& rng) override;
  std::size_t output_dim() const override { return width_; }
  const Matrix& forward(const Matrix& input, bool training, Rng& rng) final;
  const Matrix& backward(const Matrix& input, const Matrix& grad_output, bool need_input_grad) final;

 protected:
  TrainingNoise(std::string name, std::optional<std::uint64_t> seed);
  // False when the layer's settings make it the identity in training too (rate 0).
  virtual bool perturbs() const = 0;
  // Writes the perturbed input into `out` (already sized like input), drawing from rng.
  virtual void perturb(const Matrix& input, Matrix& out, Rng& rng) = 0;
  // dL/d(input) for the last perturb(), written into `grad_input` (already sized) or
  // returned as grad_output itself when the perturbation does not change it.
  virtual const Matrix& perturb_gradient(const Matrix& grad_output, Matrix& grad_input) const = 0;
  std::size_t width() const { return width_; }

 private:
  std::optional<Rng> own_rng_;
  std::size_t width_ = 0;
  bool last_training_ = false;
  BatchBuffer out_;
  BatchBuffer grad_input_;
};

// Inverted dropout: in training, keeps each value with probability 1 - rate and scales
// it by 1 / (1 - rate).
class Dropout final : public TrainingNoise {
 public:
  Dropout(std::string name, double rate, std::optional<std::uint64_t> seed, NoiseShape noise_shape = {});
  std::string type() const override { return "dropout"; }
  void build(std::size_t input_dim, Rng& rng) override;
  double rate() const { return rate_; }

 private:
  bool perturbs() const override { return rate_ > 0.0; }
  void perturb(const Matrix& input, Matrix& out, Rng& rng) override;
  const Matrix& perturb_gradient(const Matrix& grad_output, Matrix& grad_input) const override;

  double rate_;
  NoiseShape noise_shape_;
  BatchBuffer mask_;  // 0 or 1/(1-rate)
};

// Keras's GaussianDropout: multiplies by noise drawn from N(1, rate / (1 - rate)).
class GaussianDropout final : public TrainingNoise {
 public:
  GaussianDropout(std::string name, double rate, std::optional<std::uint64_t> seed);
  std::string type() const override { return "gaussian_dropout"; }
  double rate() const { return rate_; }

 private:
  bool perturbs() const override { return rate_ > 0.0; }
  void perturb(const Matrix& input, Matrix& out, Rng& rng) override;
  const Matrix& perturb_gradient(const Matrix& grad_output, Matrix& grad_input) const override;

  double rate_;
  BatchBuffer factor_;
};

// Keras's GaussianNoise: adds noise drawn from N(0, stddev^2).
class GaussianNoise final : public TrainingNoise {
 public:
  GaussianNoise(std::string name, double stddev, std::optional<std::uint64_t> seed);
  std::string type() const override { return "gaussian_noise"; }
  double stddev() const { return stddev_; }

 private:
  bool perturbs() const override { return stddev_ > 0.0; }
  void perturb(const Matrix& input, Matrix& out, Rng& rng) override;
  const Matrix& perturb_gradient(const Matrix& grad_output, Matrix& grad_input) const override;

  double stddev_;
};

// Keras's AlphaDropout for SELU networks: a dropped value becomes SELU's negative
// saturation -alpha*scale, then a*x + b restores the mean and variance of standard
// normal inputs.
class AlphaDropout final : public TrainingNoise {
 public:
  AlphaDropout(std::string name, double rate, std::optional<std::uint64_t> seed, NoiseShape noise_shape = {});
  std::string type() const override { return "alpha_dropout"; }
  void build(std::size_t input_dim, Rng& rng) override;
  double rate() const { return rate_; }

 private:
  bool perturbs() const override { return rate_ > 0.0; }
  void perturb(const Matrix& input, Matrix& out, Rng& rng) override;
  const Matrix& perturb_gradient(const Matrix& grad_output, Matrix& grad_input) const override;

  double rate_;
  NoiseShape noise_shape_;
  BatchBuffer kept_;  // 1 where kept, 0 where dropped
};

class ActivationLayer final : public Layer {
 public:
  ActivationLayer(std::string name, Activation activation);
  std::string type() const override { return "activation"; }
  void build(std::size_t input_dim, Rng& rng) override;
  std::size_t output_dim() const override { return width_; }
  const Matrix& forward(const Matrix& input, bool training, Rng& rng) override;
  const Matrix& backward(const Matrix& input, const Matrix& grad_output, bool need_input_grad) override;
  const Activation& activation() const { return activation_; }

 private:
  Activation activation_;
  std::size_t width_ = 0;
  BatchBuffer out_;
  BatchBuffer grad_input_;
};

}  // namespace nnplug
