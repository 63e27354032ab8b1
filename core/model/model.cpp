#include <nnplug/losses/loss.hpp>
#include <nnplug/model/model.hpp>

#include <numeric>

namespace nnplug {

Sequential::Sequential(Shape input_shape) : input_shape_(std::move(input_shape)) {}

std::size_t Sequential::input_dim() const {
  return std::accumulate(input_shape_.begin(), input_shape_.end(), std::size_t{1}, std::multiplies<>());
}

std::size_t Sequential::output_dim() const { return layers_.empty() ? input_dim() : layers_.back()->output_dim(); }

std::string Sequential::unique_name(const std::string& type) {
  const int count = name_counts_[type]++;
  return count == 0 ? type : type + "_" + std::to_string(count);
}

void Sequential::add(std::unique_ptr<Layer> layer) { layers_.push_back(std::move(layer)); }

void Sequential::build(Rng& rng) {
  std::size_t width = input_dim();
  parameters_.clear();
  for (auto& layer : layers_) {
    layer->build(width, rng);
    width = layer->output_dim();
    for (Parameter* parameter : layer->parameters()) parameters_.push_back(parameter);
  }
  layer_inputs_.assign(layers_.size(), nullptr);
}

const Matrix& Sequential::forward(const Matrix& input, bool training, Rng& rng) {
  const Matrix* current = &input;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    layer_inputs_[i] = current;
    current = &layers_[i]->forward(*current, training, rng);
  }
  return *current;
}

void Sequential::backward(const Matrix& grad_output) {
  const Matrix* grad = &grad_output;
  for (std::size_t i = layers_.size(); i-- > 0;) grad = &layers_[i]->backward(*layer_inputs_[i], *grad, i > 0);
}

double Sequential::loss_gradient(const Loss& loss, const Matrix& prediction, const Matrix& y_true, Matrix& gradient,
                                 RowObserver* observer) {
  const Activation* last_activation = layers_.empty() ? nullptr : layers_.back()->output_activation();
  const std::optional<double> fused =
      last_activation ? loss.evaluate_wrt_logits(*last_activation, prediction, y_true, gradient, observer) : std::nullopt;
  loss_gradient_wrt_logits_ = fused.has_value();
  return fused ? *fused : loss.evaluate(prediction, y_true, &gradient, observer);
}

void Sequential::backward_from_loss(const Matrix& gradient) {
  if (!loss_gradient_wrt_logits_) return backward(gradient);
  const std::size_t last = layers_.size() - 1;
  const Matrix* grad = &layers_[last]->backward_pre_activation(*layer_inputs_[last], gradient, last > 0);
  for (std::size_t i = last; i-- > 0;) grad = &layers_[i]->backward(*layer_inputs_[i], *grad, i > 0);
}

double Sequential::penalty() const {
  double total = 0.0;
  for (const auto& layer : layers_) total += layer->penalty();
  return total;
}

std::vector<NamedArray> Sequential::weights() const {
  std::vector<NamedArray> arrays;
  for (const Parameter* parameter : parameters_)
    arrays.push_back({parameter->name, parameter->shape,
                      std::vector<float>(parameter->value.data(), parameter->value.data() + parameter->value.size())});
  return arrays;
}

namespace {
std::string shape_text(const Shape& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}
}  // namespace

void Sequential::set_weights(const std::vector<NamedArray>& arrays, const std::string& source) {
  std::map<std::string, const NamedArray*> by_name;
  for (const auto& array : arrays) by_name[array.name] = &array;
  for (Parameter* parameter : parameters_) {
    const auto found = by_name.find(parameter->name);
    if (found == by_name.end()) {
      std::string present;
      for (const auto& array : arrays) present += (present.empty() ? "" : ", ") + array.name;
      throw Error(source + ": no array named '" + parameter->name + "' (the file has: " +
                  (present.empty() ? "nothing" : present) + "); weights must come from a model with the same layers");
    }
    const NamedArray& array = *found->second;
    if (array.shape != parameter->shape)
      throw Error(source + ": '" + parameter->name + "' has shape " + shape_text(array.shape) + " but the model needs " +
                  shape_text(parameter->shape));
    std::copy(array.data.begin(), array.data.end(), parameter->value.data());
    by_name.erase(found);
  }
  if (!by_name.empty())
    throw Error(source + ": array '" + by_name.begin()->first + "' matches no parameter of this model");
}

}  // namespace nnplug
