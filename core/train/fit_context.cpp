#include "fit_context.hpp"

#include <nnplug/train/trainer.hpp>

#include <iostream>

namespace nnplug {

FitContext::FitContext(Sequential& model, OptimizerRunner& optimizer, const FitOptions& options,
                       std::int64_t steps_per_epoch, std::function<Direction(const std::string&)> direction)
    : model_(model), optimizer_(optimizer), options_(options), steps_per_epoch_(steps_per_epoch),
      direction_(std::move(direction)) {}

std::optional<double> FitContext::log(std::string_view key) const {
  return logs_ ? logs_->get(key) : std::nullopt;
}

std::vector<std::string> FitContext::log_keys() const {
  std::vector<std::string> keys;
  if (logs_)
    for (const auto& [key, value] : *logs_) keys.push_back(key);
  return keys;
}

void FitContext::set_log(std::string_view key, double value) {
  if (logs_) logs_->set(std::string(key), value);
}

Direction FitContext::direction(std::string_view key) const { return direction_(std::string(key)); }

double FitContext::learning_rate() const { return optimizer_.learning_rate(); }

void FitContext::set_learning_rate(double learning_rate) { optimizer_.set_learning_rate(learning_rate); }

void FitContext::snapshot_weights(std::string_view key) { snapshots_[own_key(key)] = model_.weights(); }

bool FitContext::restore_weights(std::string_view key) {
  const auto saved = snapshots_.find(own_key(key));
  if (saved == snapshots_.end()) return false;
  model_.set_weights(saved->second, "a weight snapshot");
  return true;
}

void FitContext::save_weights(const std::string& path) {
  std::filesystem::path file(path);
  if (file.is_relative() && !options_.output_dir.empty()) file = options_.output_dir / file;
  write_npz(file, model_.weights());
}

int FitContext::epochs() const { return options_.epochs; }

std::string FitContext::output_dir() const { return options_.output_dir.string(); }

int FitContext::verbose() const { return options_.out ? options_.verbose : 0; }

void FitContext::message(std::string_view line) {
  if (options_.out) *options_.out << line << "\n" << std::flush;
}

void FitContext::warn(std::string_view line) { std::cerr << "nnplug: warning: " << line << "\n"; }

}  // namespace nnplug
