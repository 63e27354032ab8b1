#include <nnplug/base/error.hpp>
#include <nnplug/compute/gemm.hpp>
#include <nnplug/model/layer.hpp>

#include <array>
#include <utility>

namespace nnplug {
namespace {

double weight_penalty(const Parameter& parameter) {
  return parameter.regularizer ? parameter.regularizer.penalty(flat(parameter.value), parameter.shape) : 0.0;
}

void add_weight_penalty_gradient(Parameter& parameter) {
  if (parameter.regularizer)
    parameter.regularizer.add_gradient(flat(std::as_const(parameter.value)), parameter.shape, flat(parameter.gradient), 1.0f);
}

void fill(const Loaded<Initializer>& initializer, Parameter& parameter, Rng& rng) {
  initializer.fill(flat(parameter.value), parameter.shape, rng);
}

// A layer output's Keras shape, (batch, units), without allocating.
std::array<std::size_t, 2> shape_of(const Matrix& m) { return {std::size_t(m.rows()), std::size_t(m.cols())}; }

}  // namespace

Dense::Dense(std::string name, DenseOptions options) : Layer(std::move(name)), options_(std::move(options)) {
  if (options_.units == 0) throw Error(this->name() + ": Dense needs units >= 1");
  if (!options_.kernel_initializer) throw Error(this->name() + ": Dense needs a kernel initializer");
  if (options_.use_bias && !options_.bias_initializer)
    throw Error(this->name() + ": Dense with use_bias needs a bias initializer");
  kernel_.name = this->name() + "/kernel";
  kernel_.regularizer = std::move(options_.kernel_regularizer);
  bias_.name = this->name() + "/bias";
  bias_.regularizer = std::move(options_.bias_regularizer);
}

void Dense::build(std::size_t input_dim, Rng& rng) {
  if (input_dim == 0) throw Error(name() + ": Dense needs inputs with at least one feature");
  const auto inputs = Eigen::Index(input_dim), units = Eigen::Index(options_.units);
  kernel_.shape = {input_dim, options_.units};
  kernel_.value.resize(inputs, units);
  kernel_.gradient.setZero(inputs, units);
  fill(options_.kernel_initializer, kernel_, rng);
  if (!options_.use_bias) return;
  bias_.shape = {options_.units};
  bias_.value.resize(1, units);
  bias_.gradient.setZero(1, units);
  fill(options_.bias_initializer, bias_, rng);
}

const Matrix& Dense::forward(const Matrix& input, bool, Rng&) {
  if (input.cols() != kernel_.value.rows())
    throw Error(name() + ": expects inputs of width " + std::to_string(kernel_.value.rows()) + ", got " +
                std::to_string(input.cols()) + (kernel_.value.size() == 0 ? " (the layer was never built)" : ""));
  Matrix& pre = pre_.sized(input.rows(), kernel_.value.cols());
  Matrix& out = out_.sized(input.rows(), kernel_.value.cols());
  gemm(input, Transpose::no, kernel_.value, Transpose::no, pre);
  if (options_.use_bias) {
    options_.activation.forward_biased(pre, bias_.value, out);
  } else {
    options_.activation.forward(pre, out);
  }
  // Keras adds activity penalties in training and in evaluation alike, divided by the batch.
  activity_penalty_ = (options_.activity_regularizer && out.rows() > 0)
                          ? options_.activity_regularizer.penalty(flat(std::as_const(out)), shape_of(out)) / double(out.rows())
                          : 0.0;
  return out;
}

const Matrix& Dense::backward(const Matrix& input, const Matrix& grad_output, bool need_input_grad) {
  const Matrix& out = out_.current();
  Matrix& grad_pre = grad_pre_.sized(grad_output.rows(), grad_output.cols());
  // The caller's buffer stays untouched: the activation's backward reads it and writes
  // grad_pre in one pass, unless the activity penalty's gradient has to join it first.
  const Matrix* upstream = &grad_output;
  if (options_.activity_regularizer && out.rows() > 0) {
    grad_pre = grad_output;
    options_.activity_regularizer.add_gradient(flat(out), shape_of(out), flat(grad_pre), 1.0f / float(out.rows()));
    upstream = &grad_pre;
  }
  options_.activation.backward(pre_.current(), out, *upstream, grad_pre);
  return backward_from_pre(input, grad_pre, need_input_grad);
}

const Activation* Dense::output_activation() const {
  // The activity penalty's gradient joins dL/d(output) before the activation, so a loss
  // that skips the activation would miss it.
  return options_.activity_regularizer ? nullptr : &options_.activation;
}

const Matrix& Dense::backward_pre_activation(const Matrix& input, const Matrix& grad_pre, bool need_input_grad) {
  return backward_from_pre(input, grad_pre, need_input_grad);
}

const Matrix& Dense::backward_from_pre(const Matrix& input, const Matrix& grad_pre, bool need_input_grad) {
  gemm(input, Transpose::yes, grad_pre, Transpose::no, kernel_.gradient);
  if (options_.use_bias) bias_.gradient = grad_pre.colwise().sum();
  add_weight_penalty_gradient(kernel_);
  if (options_.use_bias) add_weight_penalty_gradient(bias_);
  if (!need_input_grad) return no_input_gradient();
  Matrix& grad_input = grad_input_.sized(grad_pre.rows(), kernel_.value.rows());
  gemm(grad_pre, Transpose::no, kernel_.value, Transpose::yes, grad_input);
  return grad_input;
}

std::vector<Parameter*> Dense::parameters() {
  if (options_.use_bias) return {&kernel_, &bias_};
  return {&kernel_};
}

double Dense::penalty() const {
  return activity_penalty_ + weight_penalty(kernel_) + (options_.use_bias ? weight_penalty(bias_) : 0.0);
}

bool Dense::has_penalty() const {
  return bool(options_.activity_regularizer) || bool(kernel_.regularizer) || (options_.use_bias && bool(bias_.regularizer));
}

}  // namespace nnplug
