#include <nnplug/base/files.hpp>
#include <nnplug/train/weight_stats.hpp>

#include <cmath>
#include <cstdio>

namespace nnplug {

namespace {

const std::string kernel_suffix = "/kernel";

bool is_kernel(const Parameter& parameter) {
  const std::string& name = parameter.name;
  return name.size() > kernel_suffix.size() &&
         name.compare(name.size() - kernel_suffix.size(), kernel_suffix.size(), kernel_suffix) == 0;
}

KernelStats stats_of(const Parameter& kernel) {
  KernelStats stats;
  stats.layer = kernel.name.substr(0, kernel.name.size() - kernel_suffix.size());
  const Matrix& w = kernel.value;  // inputs x units
  stats.inputs = std::size_t(w.rows());
  stats.units = std::size_t(w.cols());
  const auto magnitude = w.cast<double>().array().abs();
  const auto small = (magnitude < near_zero_weight);
  stats.near_zero_fraction = w.size() > 0 ? double(small.count()) / double(w.size()) : 0.0;
  for (Eigen::Index i = 0; i < w.rows(); ++i) stats.near_zero_rows += small.row(i).all() ? 1 : 0;
  stats.l1_norm = magnitude.sum();
  stats.l2_norm = std::sqrt(magnitude.square().sum());
  return stats;
}

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  return buffer;
}

}  // namespace

std::vector<KernelStats> kernel_stats(const Sequential& model) {
  std::vector<KernelStats> all;
  for (const Parameter* parameter : model.parameters())
    if (is_kernel(*parameter)) all.push_back(stats_of(*parameter));
  return all;
}

void WeightStatsCsv::on_epoch_end(int epoch, CallbackContext&) {
  if (text_.empty()) text_ = "epoch,layer,inputs,units,near_zero_fraction,near_zero_rows,l1_norm,l2_norm\n";
  for (const KernelStats& stats : kernel_stats(model_)) {
    text_ += std::to_string(epoch) + "," + stats.layer + "," + std::to_string(stats.inputs) + "," +
             std::to_string(stats.units) + "," + number(stats.near_zero_fraction) + "," +
             std::to_string(stats.near_zero_rows) + "," + number(stats.l1_norm) + "," + number(stats.l2_norm) + "\n";
  }
  write_text_atomically(path_, text_);
}

}  // namespace nnplug
