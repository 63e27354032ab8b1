#pragma once
// A Keras Sequential model: layers applied in order, built for a fixed input width.
#include <nnplug/config/config.hpp>
#include <nnplug/model/layer.hpp>
#include <nnplug/io/numpy/npz.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace nnplug {

class Loss;
class RowObserver;

class Sequential {
 public:
  explicit Sequential(Shape input_shape);

  const Shape& input_shape() const { return input_shape_; }
  std::size_t input_dim() const;
  std::size_t output_dim() const;

  // Keras's automatic names: "dense", "dense_1", ... per layer type.
  std::string unique_name(const std::string& type);
  void add(std::unique_ptr<Layer> layer);
  // Creates every layer's parameters (initializers draw from rng in layer order).
  void build(Rng& rng);

  const std::vector<std::unique_ptr<Layer>>& layers() const { return layers_; }
  const std::vector<Parameter*>& parameters() const { return parameters_; }

  const Matrix& forward(const Matrix& input, bool training, Rng& rng);
  // grad_output: dL/d(model output) for the last forward; fills every parameter gradient.
  void backward(const Matrix& grad_output);
  // The mean `loss` of the last forward's `prediction` against y_true, with its gradient
  // computed in the same pass into `gradient` (observer, if not null, sees each row there).
  // When the loss can differentiate through the last layer's activation itself (softmax +
  // categorical cross-entropy), the gradient is taken with respect to the logits and that
  // activation's Jacobian is skipped. Then backward_from_loss(gradient) fills every
  // parameter gradient; skip it for a batch whose loss is not finite.
  double loss_gradient(const Loss& loss, const Matrix& prediction, const Matrix& y_true, Matrix& gradient,
                       RowObserver* observer = nullptr);
  void backward_from_loss(const Matrix& gradient);
  // Regularization penalties (weights + activity of the last forward).
  double penalty() const;

  // Weights as Keras names them: "dense/kernel" (inputs x units), "dense/bias" (units).
  std::vector<NamedArray> weights() const;
  // Every parameter must be present with its exact shape; `source` names the file.
  void set_weights(const std::vector<NamedArray>& arrays, const std::string& source);

 private:
  Shape input_shape_;
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<Parameter*> parameters_;
  std::vector<const Matrix*> layer_inputs_;  // what each layer saw in the last forward
  bool loss_gradient_wrt_logits_ = false;     // what the last loss_gradient computed
  std::map<std::string, int> name_counts_;
};

class Registry;
// Builds (and initialises) a model from the config's "model" section.
Sequential build_model(const Registry& registry, const ConfigSection& model, Rng& rng);

}  // namespace nnplug
