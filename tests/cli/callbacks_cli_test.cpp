// The callback plugins in the real `nnplug train` on the generated blobs CSV: what they do
// shows in history.csv and the weight files.
#include "support/cli.hpp"

#include <nnplug/io/numpy/npz.hpp>

#include <catch2/catch.hpp>

#include <sstream>

using namespace nnplug;
using namespace nnplug::test;

namespace {

// history.csv's column `name`, one value per epoch.
std::vector<double> column(const std::string& csv, const std::string& name) {
  std::istringstream lines(csv);
  std::string line, cell;
  std::getline(lines, line);
  std::vector<std::string> names;
  for (std::istringstream header(line); std::getline(header, cell, ',');) names.push_back(cell);
  const auto index = std::size_t(std::find(names.begin(), names.end(), name) - names.begin());
  REQUIRE(index < names.size());
  std::vector<double> values;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cells;
    for (std::istringstream row(line); std::getline(row, cell, ',');) cells.push_back(cell);
    values.push_back(std::stod(cells.at(index)));
  }
  return values;
}

struct Trained {
  CliResult result;
  std::string history;
};

Trained train_with(const TempDir& dir, const Json& callbacks, int epochs, double learning_rate = 0.01) {
  write_blobs_csv(dir / "blobs.csv", 300, 4, 3, 17);
  Json config = blobs_config("blobs.csv", 4, 3);
  config["fit"]["epochs"] = epochs;
  config["fit"]["callbacks"] = callbacks;
  config["compile"]["optimizer"]["learning_rate"] = learning_rate;
  write_file(dir / "config.json", config.dump(2));
  Trained trained{run_nnplug({"train", "config.json"}, dir.path()), ""};
  INFO(trained.result.out << trained.result.err);
  REQUIRE(trained.result.exit_code == 0);
  trained.history = read_file(dir / "out" / "history.csv");
  return trained;
}

// The optimizer holds the rate as float32: every value the callbacks set is rounded so, and
// history.csv writes a float32 value in float32's shortest form, so rates compare as float32.
double float32(double value) { return double(float(value)); }

}  // namespace

TEST_CASE("reduce_lr_on_plateau's reductions show in history.csv", "[cli][callbacks]") {
  TempDir dir;
  // mode max with a min_delta no loss can beat: every epoch after the first is a bad one.
  const Trained run = train_with(dir, Json::array({{{"name", "ReduceLROnPlateau"}, {"monitor", "loss"},
                                                    {"mode", "max"}, {"min_delta", 1000}, {"patience", 2},
                                                    {"factor", 0.5}, {"verbose", 1}}}),
                                 8);
  const auto rates = column(run.history, "learning_rate");
  REQUIRE(rates.size() == 8);
  // A reduction at the end of epochs 2, 4 and 6 (0-based): a row shows the rate its epoch used.
  double rate = float32(0.01);
  for (std::size_t epoch = 0; epoch < rates.size(); ++epoch) {
    INFO("epoch " << epoch);
    CHECK(float(rates[epoch]) == float(rate));
    if (epoch == 2 || epoch == 4 || epoch == 6) rate = float32(rate * 0.5);
  }
  CHECK(run.result.out.find("Epoch 3: ReduceLROnPlateau reducing learning rate to 0.004999999888241291.") !=
        std::string::npos);
}

TEST_CASE("learning_rate_scheduler sets the rate at exactly the epochs its formula says", "[cli][callbacks]") {
  TempDir dir;
  const Trained run = train_with(
      dir, Json::array({{{"name", "learning_rate_scheduler"}, {"schedule", "epoch == 2 || epoch == 4 ? lr * 0.1 : lr"}}}),
      6);
  const auto rates = column(run.history, "learning_rate");
  REQUIRE(rates.size() == 6);
  double rate = float32(0.01);
  for (std::size_t epoch = 0; epoch < rates.size(); ++epoch) {
    if (epoch == 2 || epoch == 4) rate = float32(rate * 0.1);
    INFO("epoch " << epoch);
    CHECK(float(rates[epoch]) == float(rate));
  }
}

TEST_CASE("early_stopping stops on time and restores the weights model_checkpoint kept as best", "[cli][callbacks]") {
  TempDir dir;
  const int patience = 3;
  // A high rate makes val_loss wander, so the stop comes well before the last epoch.
  const Trained run = train_with(dir, Json::array({{{"name", "EarlyStopping"}, {"monitor", "val_loss"},
                                                    {"patience", patience}, {"restore_best_weights", true},
                                                    {"verbose", 1}},
                                                   {{"name", "model_checkpoint"}, {"filepath", "best.npz"},
                                                    {"monitor", "val_loss"}, {"save_best_only", true}}}),
                                 200, 0.05);
  const auto val_loss = column(run.history, "val_loss");
  REQUIRE(val_loss.size() < 200);
  // Keras's rule on the logged values (min_delta 0, no baseline): stop once `patience`
  // epochs have passed since the best one.
  std::size_t best_epoch = 0, expected_stop = 0;
  for (std::size_t epoch = 1; epoch < val_loss.size() && !expected_stop; ++epoch) {
    if (val_loss[epoch] < val_loss[best_epoch]) best_epoch = epoch;
    else if (epoch - best_epoch >= std::size_t(patience)) expected_stop = epoch;
  }
  CHECK(val_loss.size() == expected_stop + 1);
  CHECK(run.result.out.find("Epoch " + std::to_string(expected_stop + 1) + ": early stopping") != std::string::npos);
  CHECK(run.result.out.find("Restoring model weights from the end of the best epoch: " + std::to_string(best_epoch + 1)) !=
        std::string::npos);

  const auto final_weights = read_npz(dir / "out" / "weights.npz");
  const auto best = read_npz(dir / "out" / "best.npz");
  REQUIRE(final_weights.size() == best.size());
  for (std::size_t i = 0; i < best.size(); ++i) {
    INFO(best[i].name);
    CHECK(final_weights[i].name == best[i].name);
    CHECK(final_weights[i].shape == best[i].shape);
    CHECK(final_weights[i].data == best[i].data);
  }
}

TEST_CASE("a learning-rate callback next to a schedule is refused before training", "[cli][callbacks]") {
  TempDir dir;
  write_blobs_csv(dir / "blobs.csv", 60, 4, 3, 3);
  Json config = blobs_config("blobs.csv", 4, 3);
  config["compile"]["optimizer"]["learning_rate"] = {{"name", "exponential_decay"}, {"initial_learning_rate", 0.01},
                                                     {"decay_steps", 10}, {"decay_rate", 0.5}};
  config["fit"]["callbacks"] = Json::array({{{"name", "reduce_lr_on_plateau"}}});
  write_file(dir / "config.json", config.dump(2));
  const CliResult result = run_nnplug({"train", "config.json"}, dir.path());
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  CHECK(result.err.find("reduce_lr_on_plateau") != std::string::npos);
  CHECK(result.err.find("exponential_decay") != std::string::npos);
  CHECK(result.out.find("Epoch 1/") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "out" / "history.csv"));
}

TEST_CASE("divergence is an error naming epoch and batch, unless terminate_on_nan ends training cleanly",
          "[cli][callbacks]") {
  TempDir dir;
  write_blobs_csv(dir / "blobs.csv", 300, 4, 3, 17);
  Json config = blobs_config("blobs.csv", 4, 3);
  config["fit"]["epochs"] = 3;
  config["compile"]["optimizer"] = Json{{"name", "sgd"}, {"learning_rate", 1e30}};  // overflows at once
  write_file(dir / "config.json", config.dump(2));
  const auto failed = run_nnplug({"train", "config.json"}, dir.path());
  INFO(failed.out << failed.err);
  CHECK(failed.exit_code == 2);
  CHECK(failed.err.find("training diverged") != std::string::npos);
  CHECK(failed.err.find("in epoch 1, batch ") != std::string::npos);

  config["fit"]["callbacks"] = Json::array({"terminate_on_nan"});
  write_file(dir / "config.json", config.dump(2));
  const auto stopped = run_nnplug({"train", "config.json"}, dir.path());
  INFO(stopped.out << stopped.err);
  REQUIRE(stopped.exit_code == 0);
  CHECK(stopped.out.find(": Invalid loss, terminating training") != std::string::npos);
  // The batch whose loss diverged never reached the weights, and the weights are written.
  for (const auto& array : read_npz(dir / "out" / "weights.npz"))
    for (float value : array.data) CHECK(std::isfinite(value));
  const std::string history = read_file(dir / "out" / "history.csv");
  CHECK(std::count(history.begin(), history.end(), '\n') == 2);  // the header and the stopped epoch
}
