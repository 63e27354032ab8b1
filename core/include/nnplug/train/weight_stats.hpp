#pragma once
// How sparse and how large each dense kernel is, epoch by epoch: makes L1 and L2
// regularization visible (output.weight_stats in a config writes weight_stats.csv).
#include <nnplug/model/model.hpp>
#include <nnplug/sdk/callback.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace nnplug {

// Below this magnitude a weight counts as pruned.
inline constexpr double near_zero_weight = 1e-3;

struct KernelStats {
  std::string layer;  // "dense", "dense_1"
  std::size_t inputs = 0, units = 0;
  double near_zero_fraction = 0.0;  // entries with |w| < near_zero_weight
  std::size_t near_zero_rows = 0;   // inputs whose every weight is below it: inputs the layer ignores
  double l1_norm = 0.0;             // sum |w|
  double l2_norm = 0.0;             // sqrt(sum w^2)
};

// One entry per dense kernel (a parameter named "<layer>/kernel"), in layer order.
std::vector<KernelStats> kernel_stats(const Sequential& model);

// weight_stats.csv: "epoch,layer,inputs,units,near_zero_fraction,near_zero_rows,l1_norm,l2_norm",
// one row per epoch (0-based, as history.csv) and kernel; rewritten atomically after every
// epoch so an interrupted run keeps what it finished.
class WeightStatsCsv final : public Callback {
 public:
  WeightStatsCsv(std::filesystem::path path, const Sequential& model) : path_(std::move(path)), model_(model) {}
  void on_train_begin(CallbackContext&) override { text_.clear(); }
  void on_epoch_end(int epoch, CallbackContext& context) override;

 private:
  std::filesystem::path path_;
  const Sequential& model_;
  std::string text_;
};

}  // namespace nnplug
