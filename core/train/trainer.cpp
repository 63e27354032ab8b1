#include <nnplug/io/data/data.hpp>
#include <nnplug/compute/denormals.hpp>
#include <nnplug/compute/parallel_for.hpp>
#include <nnplug/train/trainer.hpp>

#include "fit_context.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace nnplug {

Trainer::Trainer(Sequential& model, OptimizerRunner optimizer, std::unique_ptr<Loss> loss,
                 std::vector<std::unique_ptr<Metric>> metrics)
    : model_(model), optimizer_(std::move(optimizer)), loss_(std::move(loss)), metrics_(std::move(metrics)) {
  for (const auto& metric : metrics_) metric_names_.push_back(metric->name());
}

void Trainer::add_callback(Loaded<Callback> callback) {
  if (callback.uses_batch_hooks()) batch_callbacks_.push_back(callbacks_.size());
  callbacks_.push_back(std::move(callback));
}

void Trainer::add_callback(std::unique_ptr<Callback> callback, std::string name) {
  add_callback(Loaded<Callback>::local(std::move(callback), std::move(name)));
}

// Keras fails later and less clearly: a schedule's rate cannot be assigned.
void Trainer::check_callbacks() const {
  const std::string schedule = optimizer_.schedule_name();
  if (schedule.empty()) return;
  for (const auto& callback : callbacks_)
    if (callback.sets_learning_rate())
      throw Error("callback '" + callback.name() + "' sets the learning rate, but the optimizer's learning_rate is the "
                  "per-step schedule '" + schedule + "', which would overwrite it every step; use a constant "
                  "learning_rate with this callback, or drop the callback");
}

template <class Hook>
void Trainer::each_callback(FitContext& context, Hook&& hook) {
  for (std::size_t i = 0; i < callbacks_.size(); ++i) {
    context.set_caller(i);
    hook(callbacks_[i]);
  }
}

bool Trainer::regularized() const {
  return std::any_of(model_.layers().begin(), model_.layers().end(), [](const auto& layer) { return layer->has_penalty(); });
}

Direction Trainer::direction(const std::string& key) const {
  const std::string base = key.rfind("val_", 0) == 0 ? key.substr(4) : key;
  if (base == "loss" || base == "reg_loss") return Direction::minimize;
  for (const auto& metric : metrics_)
    if (metric->name() == base) return metric->direction();
  return Direction::unknown;
}

Matrix Trainer::prepare_targets(const Matrix& y, const std::string& what) const {
  const auto outputs = static_cast<Eigen::Index>(model_.output_dim());
  const bool indices = y.cols() == 1 && outputs > 1;
  switch (loss_->target_form()) {
    case TargetForm::index:
      if (y.cols() == 1) return y;
      throw Error(what + ": " + loss_->name() + " needs one class index per sample, but the targets have " +
                  std::to_string(y.cols()) + " columns; use categorical_crossentropy for one-hot targets");
    case TargetForm::one_hot:
    case TargetForm::as_is:
      if (y.cols() == outputs) return y;
      if (indices) return one_hot(y, static_cast<std::size_t>(outputs), what);
      break;
  }
  throw Error(what + ": the targets have " + std::to_string(y.cols()) + " columns but the model outputs " +
              std::to_string(outputs) + "; make the last layer's units match the targets");
}

void Trainer::check_inputs(const Matrix& x, const Matrix& y, const std::string& what) const {
  if (x.rows() == 0) throw Error(what + ": no samples");
  if (static_cast<std::size_t>(x.cols()) != model_.input_dim())
    throw Error(what + ": samples have " + std::to_string(x.cols()) + " features but the model's input_shape needs " +
                std::to_string(model_.input_dim()) + "; fix model.input_shape or the data");
  if (x.rows() != y.rows())
    throw Error(what + ": " + std::to_string(x.rows()) + " samples but " + std::to_string(y.rows()) + " targets");
}

void Trainer::gather(const Rows& source, const std::vector<std::size_t>& order, std::size_t begin,
                     std::size_t count, BatchBuffer& buffer) const {
  Matrix& batch = buffer.sized(static_cast<Eigen::Index>(count), source.cols());
  parallel_for_rows(batch.rows(), batch.cols(), [&](Eigen::Index first, Eigen::Index end) {
    for (Eigen::Index i = first; i < end; ++i) batch.row(i) = source.row(Eigen::Index(order[begin + std::size_t(i)]));
  });
}

// A batch of consecutive rows for evaluate and predict: the matrix itself when the batch
// is all of it, else those rows in the reused buffer (no allocation after the first batch;
// a layer takes a whole Matrix, so a view cannot stand in).
const Matrix& Trainer::rows_of(const Matrix& source, Eigen::Index begin, Eigen::Index count, BatchBuffer& buffer) {
  if (begin == 0 && count == source.rows()) return source;
  return buffer.sized(count, source.cols()) = source.middleRows(begin, count);
}

// Running sums over an epoch, weighted by batch size like Keras's metric means. The loss
// includes the penalties, as Keras reports it; reg_loss shows the penalty part alone. The
// metrics are summed row by row from inside the loss's pass over each batch.
struct Trainer::Totals final : RowObserver {
  const Trainer& trainer;
  double loss = 0.0;
  double reg_loss = 0.0;
  std::vector<double> metrics;
  std::size_t samples = 0;

  explicit Totals(const Trainer& owner) : trainer(owner), metrics(owner.metrics_.size(), 0.0) {}

  // Before the loss's pass over a batch: the metrics check its shapes once; returns what
  // that pass reports its rows to.
  RowObserver* observe_batch(const Matrix& prediction, const Matrix& target) {
    for (const auto& metric : trainer.metrics_) metric->check(prediction, target);
    return metrics.empty() ? nullptr : this;
  }
  void observe(const Matrix& y_pred, const Matrix& y_true, Eigen::Index row) override {
    for (std::size_t m = 0; m < metrics.size(); ++m) metrics[m] += trainer.metrics_[m]->row(y_pred, y_true, row);
  }
  void add(double batch_loss, double batch_penalty, Eigen::Index rows) {
    const auto count = static_cast<std::size_t>(rows);
    loss += batch_loss * double(count);
    reg_loss += batch_penalty * double(count);
    samples += count;
  }
  // Calls visit(key, value) for each running mean; the keys are stored strings, so
  // visiting allocates nothing.
  template <class Visit>
  void each_value(Visit&& visit) const {
    static const std::string loss_key = "loss", reg_loss_key = "reg_loss";
    visit(loss_key, loss / double(samples));
    if (trainer.regularized()) visit(reg_loss_key, reg_loss / double(samples));
    for (std::size_t m = 0; m < metrics.size(); ++m) visit(trainer.metric_names_[m], metrics[m] / double(samples));
  }
  Logs logs() const {
    std::vector<std::pair<std::string, double>> values;
    each_value([&](const std::string& key, double value) { values.emplace_back(key, value); });
    std::sort(values.begin(), values.end());
    Logs out;
    for (const auto& [key, value] : values) out.set(key, value);
    return out;
  }
  // Batch logs are rewritten after every step: once built, their entries are reused, so
  // a batch-hook callback (the verbose=1 bar) costs the step no allocation.
  void update(Logs& out) const {
    if (out.empty()) return void(out = logs());
    each_value([&](const std::string& key, double value) { out.set(key, value); });
  }
};

Logs Trainer::run_epoch(const Rows& x, const Rows& y, const FitOptions& options, int epoch, FitContext& context) {
  const auto samples = static_cast<std::size_t>(x.rows());
  order_.resize(samples);
  std::iota(order_.begin(), order_.end(), std::size_t{0});
  if (options.shuffle)
    for (std::size_t i = samples; i > 1; --i) std::swap(order_[i - 1], order_[rng_.below(i)]);

  Totals totals(*this);
  Logs batch_logs;
  context.use_logs(batch_logs);
  for (std::size_t begin = 0, batch = 0; begin < samples && !context.stop_requested();
       begin += options.batch_size, ++batch) {
    for (const std::size_t i : batch_callbacks_) {
      context.set_caller(i);
      callbacks_[i].on_train_batch_begin(std::int64_t(batch), context);
    }
    const std::size_t count = std::min(options.batch_size, samples - begin);
    gather(x, order_, begin, count, batch_x_);
    gather(y, order_, begin, count, batch_y_);

    const Matrix& batch_y = batch_y_.current();
    const Matrix& prediction = model_.forward(batch_x_.current(), true, rng_);
    Matrix& loss_gradient = loss_gradient_.sized(prediction.rows(), prediction.cols());
    const double batch_penalty = model_.penalty();
    RowObserver* const observer = totals.observe_batch(prediction, batch_y);
    const double batch_loss =
        model_.loss_gradient(*loss_, prediction, batch_y, loss_gradient, observer) + batch_penalty;
    const bool diverged = !std::isfinite(batch_loss);
    totals.add(batch_loss, batch_penalty, prediction.rows());
    if (!diverged) {  // a diverged batch never reaches the weights
      model_.backward_from_loss(loss_gradient);
      optimizer_.apply(model_.parameters());
    }
    if (!batch_callbacks_.empty()) {
      totals.update(batch_logs);
      for (const std::size_t i : batch_callbacks_) {
        context.set_caller(i);
        callbacks_[i].on_train_batch_end(std::int64_t(batch), context);
      }
    }
    // A callback may end training on it (terminate_on_nan); otherwise divergence is an error.
    if (diverged && !context.stop_requested())
      throw Error("training diverged: the loss became " + std::to_string(batch_loss) + " in epoch " +
                  std::to_string(epoch + 1) + ", batch " + std::to_string(batch + 1) +
                  "; lower the learning rate, scale the inputs (data.scale) or add gradient clipping (clipnorm)");
  }
  return totals.logs();
}

std::vector<Logs> Trainer::fit(const Matrix& x_all, const Matrix& y_all, const FitOptions& options,
                               const Matrix* validation_x, const Matrix* validation_y) {
  const ScopedFlushDenormals flush_denormals;
  if (options.batch_size == 0) throw Error("/fit/batch_size: must be at least 1 (expected an integer >= 1, got 0)");
  const Matrix y_prepared = prepare_targets(y_all, "training data");
  check_inputs(x_all, y_prepared, "training data");

  // Keras's validation_split: the last fraction of the samples, before any shuffling.
  Matrix split_x, split_y;
  Eigen::Index train_rows = x_all.rows();
  if (options.validation_split > 0.0) {
    if (validation_x) throw Error("fit: give either validation_split or validation data, not both");
    train_rows = static_cast<Eigen::Index>(std::floor(double(x_all.rows()) * (1.0 - options.validation_split)));
    if (train_rows <= 0 || train_rows >= x_all.rows())
      throw Error("/fit/validation_split: " + std::to_string(options.validation_split) + " of " +
                  std::to_string(x_all.rows()) + " samples leaves an empty training or validation set");
    split_x = x_all.bottomRows(x_all.rows() - train_rows);
    split_y = y_prepared.bottomRows(x_all.rows() - train_rows);
  }
  // Views, not copies: the training set can be hundreds of megabytes.
  const Rows x = x_all.topRows(train_rows);
  const Rows y = y_prepared.topRows(train_rows);
  Matrix val_x, val_y;
  if (validation_x) {
    if (!validation_y) throw Error("fit: validation data needs targets");
    val_x = *validation_x;
    val_y = prepare_targets(*validation_y, "validation data");
    check_inputs(val_x, val_y, "validation data");
  } else if (split_x.rows() > 0) {
    val_x = std::move(split_x);
    val_y = std::move(split_y);
  }

  check_callbacks();
  rng_.reseed(options.seed);
  const auto steps = std::int64_t((static_cast<std::size_t>(x.rows()) + options.batch_size - 1) / options.batch_size);
  FitContext context(model_, optimizer_, options, steps, [this](const std::string& key) { return direction(key); });
  Logs no_logs;
  context.use_logs(no_logs);
  each_callback(context, [&](Loaded<Callback>& callback) { callback.on_train_begin(context); });

  std::vector<Logs> history;
  for (int epoch = options.initial_epoch; epoch < options.epochs && !context.stop_requested(); ++epoch) {
    context.use_logs(no_logs);
    each_callback(context, [&](Loaded<Callback>& callback) { callback.on_epoch_begin(epoch, context); });

    Logs logs = run_epoch(x, y, options, epoch, context);
    if (val_x.rows() > 0)
      for (const auto& [key, value] : evaluate(val_x, val_y, options.batch_size)) logs.set("val_" + key, value);
    logs.set("learning_rate", optimizer_.learning_rate());
    context.use_logs(logs);
    each_callback(context, [&](Loaded<Callback>& callback) { callback.on_epoch_end(epoch, context); });
    history.push_back(std::move(logs));
  }
  // Keras swaps in the moving averages at the end of fit when use_ema is on.
  optimizer_.finalize_variable_values(model_.parameters());
  context.use_logs(history.empty() ? no_logs : history.back());
  each_callback(context, [&](Loaded<Callback>& callback) { callback.on_train_end(context); });
  return history;
}

Logs Trainer::evaluate(const Matrix& x, const Matrix& y_raw, std::size_t batch_size) {
  const ScopedFlushDenormals flush_denormals;
  const Matrix y = prepare_targets(y_raw, "evaluation data");
  check_inputs(x, y, "evaluation data");
  Totals totals(*this);
  for (Eigen::Index begin = 0; begin < x.rows(); begin += Eigen::Index(batch_size)) {
    const Eigen::Index count = std::min<Eigen::Index>(Eigen::Index(batch_size), x.rows() - begin);
    const Matrix& batch_x = rows_of(x, begin, count, batch_x_);
    const Matrix& batch_y = rows_of(y, begin, count, batch_y_);
    const Matrix& prediction = model_.forward(batch_x, false, rng_);
    const double batch_penalty = model_.penalty();
    RowObserver* const observer = totals.observe_batch(prediction, batch_y);
    totals.add(loss_->evaluate(prediction, batch_y, nullptr, observer) + batch_penalty, batch_penalty, count);
  }
  return totals.logs();
}

Matrix Trainer::predict(const Matrix& x, std::size_t batch_size) {
  const ScopedFlushDenormals flush_denormals;
  if (static_cast<std::size_t>(x.cols()) != model_.input_dim())
    throw Error("predict: samples have " + std::to_string(x.cols()) + " features but the model needs " +
                std::to_string(model_.input_dim()));
  Matrix out(x.rows(), Eigen::Index(model_.output_dim()));
  for (Eigen::Index begin = 0; begin < x.rows(); begin += Eigen::Index(batch_size)) {
    const Eigen::Index count = std::min<Eigen::Index>(Eigen::Index(batch_size), x.rows() - begin);
    out.middleRows(begin, count) = model_.forward(rows_of(x, begin, count, batch_x_), false, rng_);
  }
  return out;
}

}  // namespace nnplug
