// Regularization made visible through `nnplug train`: reg_loss / val_reg_loss in the
// epoch line and history.csv, weight_stats.csv, and the noise layers from a config.
#include "cli/csv_rows.hpp"
#include "support/cli.hpp"

#include <nnplug/io/numpy/npz.hpp>

#include <catch2/catch.hpp>

using namespace nnplug;
using namespace nnplug::test;

namespace {

struct Run {
  CliResult result;
  CsvRows history;
};

Run train(const TempDir& dir, const Json& config) {
  write_file(dir / "config.json", config.dump(2));
  Run run{run_nnplug({"train", "config.json", "--overwrite"}, dir.path()), {}};
  INFO(run.result.out << run.result.err);
  REQUIRE(run.result.exit_code == 0);
  run.history = parse_csv(read_file(dir / "out" / "history.csv"));
  return run;
}

constexpr double kernel_l1 = 0.01, bias_l2 = 0.02, out_l1 = 0.003, out_l2 = 0.004;

// Kernel l1 and bias l2 on the hidden layer, l1_l2 on the output kernel.
Json regularized(Json config) {
  auto& layers = config["model"]["layers"];
  layers[0]["kernel_regularizer"] = {{"name", "l1"}, {"l1", kernel_l1}};
  layers[0]["bias_regularizer"] = {{"name", "l2"}, {"l2", bias_l2}};
  layers[1]["kernel_regularizer"] = {{"name", "l1_l2"}, {"l1", out_l1}, {"l2", out_l2}};
  return config;
}

// The penalty of the weights in weights.npz, computed here from the regularizers' formulas.
double penalty_of_saved_weights(const TempDir& dir) {
  const auto weights = read_npz(dir / "out" / "weights.npz");
  return kernel_l1 * sum_abs(array_named(weights, "dense/kernel")) +
         bias_l2 * sum_squares(array_named(weights, "dense/bias")) +
         out_l1 * sum_abs(array_named(weights, "dense_1/kernel")) +
         out_l2 * sum_squares(array_named(weights, "dense_1/kernel"));
}

Json blobs_run(const TempDir& dir) {
  write_blobs_csv(dir / "blobs.csv", 200, 4, 3, 21);
  Json config = blobs_config("blobs.csv", 4, 3);
  config["fit"]["epochs"] = 3;
  return config;
}

}  // namespace

TEST_CASE("reg_loss is the sum of the regularizers' penalties and loss stays the total", "[cli][regularization]") {
  // With a negligible learning rate (SGD steps of about 1e-12) the weights stay the initial
  // ones, which weights.npz then holds, so every batch's penalty is the penalty of those.
  TempDir plain_dir, regularized_dir;
  Json config = blobs_run(plain_dir);
  write_blobs_csv(regularized_dir / "blobs.csv", 200, 4, 3, 21);
  config["compile"]["optimizer"] = {{"name", "sgd"}, {"learning_rate", 1e-12}};
  const Run plain = train(plain_dir, config);
  const Run with_penalty = train(regularized_dir, regularized(config));

  const double penalty = penalty_of_saved_weights(regularized_dir);
  REQUIRE(penalty > 0.05);  // large enough to matter next to the data loss
  CHECK(with_penalty.history.header ==
        std::vector<std::string>{"epoch", "accuracy", "learning_rate", "loss", "reg_loss", "val_accuracy", "val_loss",
                                 "val_reg_loss"});
  for (std::size_t epoch = 0; epoch < 3; ++epoch) {
    INFO("epoch " << epoch);
    CHECK(with_penalty.history.number(epoch, "reg_loss") == Approx(penalty).epsilon(1e-5));
    CHECK(with_penalty.history.number(epoch, "val_reg_loss") == Approx(penalty).epsilon(1e-5));
    // Same seed, same initial weights: the regularized loss is the plain one plus the penalty.
    CHECK(with_penalty.history.number(epoch, "loss") ==
          Approx(plain.history.number(epoch, "loss") + penalty).epsilon(1e-5));
    CHECK(with_penalty.history.number(epoch, "val_loss") ==
          Approx(plain.history.number(epoch, "val_loss") + penalty).epsilon(1e-5));
  }
  CHECK(with_penalty.result.out.find(" - reg_loss: ") != std::string::npos);
  CHECK(with_penalty.result.out.find(" - val_reg_loss: ") != std::string::npos);

  // Without a regularizer there is no reg_loss anywhere.
  CHECK(plain.history.header ==
        std::vector<std::string>{"epoch", "accuracy", "learning_rate", "loss", "val_accuracy", "val_loss"});
  CHECK(plain.result.out.find("reg_loss") == std::string::npos);
}

TEST_CASE("val_reg_loss is the penalty of the weights at the end of the epoch", "[cli][regularization]") {
  TempDir dir;
  const Run run = train(dir, regularized(blobs_run(dir)));  // adam, learning rate 0.01
  const double final_penalty = penalty_of_saved_weights(dir);
  CHECK(run.history.number(2, "val_reg_loss") == Approx(final_penalty).epsilon(1e-5));
  // During the epoch the penalty is taken before each update: a different, nearby value.
  CHECK(run.history.number(2, "reg_loss") != Approx(final_penalty).epsilon(1e-7));
  CHECK(run.history.number(2, "reg_loss") == Approx(final_penalty).epsilon(0.2));
  CHECK(run.history.number(2, "reg_loss") < run.history.number(2, "loss"));
}

TEST_CASE("output.weight_stats writes each dense kernel's sparsity and norms per epoch", "[cli][regularization]") {
  TempDir dir;
  Json config = regularized(blobs_run(dir));
  config["output"]["weight_stats"] = true;
  train(dir, config);
  const CsvRows stats = parse_csv(read_file(dir / "out" / "weight_stats.csv"));
  CHECK(stats.header == std::vector<std::string>{"epoch", "layer", "inputs", "units", "near_zero_fraction",
                                                 "near_zero_rows", "l1_norm", "l2_norm"});
  REQUIRE(stats.rows.size() == 3 * 2);  // 3 epochs, 2 dense layers
  CHECK(stats.rows[0].at("epoch") == "0");
  CHECK(stats.rows[0].at("layer") == "dense");
  CHECK(stats.rows[1].at("layer") == "dense_1");
  CHECK(stats.rows[5].at("epoch") == "2");

  // The last epoch's rows describe the saved weights.
  const auto weights = read_npz(dir / "out" / "weights.npz");
  for (const auto& [row, name] : {std::pair{std::size_t(4), "dense"}, {std::size_t(5), "dense_1"}}) {
    INFO(name);
    const NamedArray& kernel = array_named(weights, std::string(name) + "/kernel");
    const std::size_t inputs = kernel.shape[0], units = kernel.shape[1];
    std::size_t small = 0, small_rows = 0;
    for (std::size_t i = 0; i < inputs; ++i) {
      std::size_t small_in_row = 0;
      for (std::size_t j = 0; j < units; ++j) small_in_row += std::abs(kernel.data[i * units + j]) < 1e-3f;
      small += small_in_row;
      small_rows += small_in_row == units;
    }
    CHECK(stats.number(row, "inputs") == double(inputs));
    CHECK(stats.number(row, "units") == double(units));
    CHECK(stats.number(row, "near_zero_fraction") == Approx(double(small) / double(inputs * units)));
    CHECK(stats.number(row, "near_zero_rows") == double(small_rows));
    CHECK(stats.number(row, "l1_norm") == Approx(sum_abs(kernel)).epsilon(1e-6));
    CHECK(stats.number(row, "l2_norm") == Approx(std::sqrt(sum_squares(kernel))).epsilon(1e-6));
  }
}

TEST_CASE("weight_stats.csv is written only when asked for", "[cli][regularization]") {
  TempDir dir;
  train(dir, blobs_run(dir));
  CHECK_FALSE(std::filesystem::exists(dir / "out" / "weight_stats.csv"));
  Json config = blobs_run(dir);
  config["output"]["weight_stats"] = "yes";
  write_file(dir / "config.json", config.dump(2));
  const CliResult wrong = run_nnplug({"train", "config.json", "--overwrite"}, dir.path());
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err.find("/output/weight_stats: wrong value (expected true or false, got \"yes\" (string))") != std::string::npos);
}

TEST_CASE("the noise layers train from a config, in snake_case or Keras class spelling", "[cli][regularization]") {
  TempDir dir;
  Json config = blobs_run(dir);
  auto& layers = config["model"]["layers"];
  layers.insert(layers.begin(), Json{{"type", "gaussian_noise"}, {"stddev", 0.1}});
  layers.insert(layers.begin() + 2, Json{{"class_name", "GaussianDropout"}, {"config", {{"rate", 0.1}, {"seed", 3}}}});
  layers.insert(layers.begin() + 3, Json{{"type", "alpha_dropout"}, {"rate", 0.05}, {"noise_shape", {nullptr, 1}}});
  layers.insert(layers.begin() + 4, Json{{"type", "Dropout"}, {"rate", 0.1}, {"noise_shape", {1, 16}}});
  const Run run = train(dir, config);
  CHECK(run.history.number(2, "val_accuracy") > 0.8);
  // The same seed gives the same run.
  const Run again = train(dir, config);
  CHECK(again.history.rows == run.history.rows);
}

TEST_CASE("bad noise layer settings name the entry and the fix", "[cli][regularization][errors]") {
  TempDir dir;
  const Json base = blobs_run(dir);
  const auto error_for = [&](const Json& layer) {
    Json config = base;
    config["model"]["layers"].insert(config["model"]["layers"].begin() + 1, layer);
    write_file(dir / "config.json", config.dump(2));
    const CliResult result = run_nnplug({"train", "config.json", "--overwrite"}, dir.path());
    CHECK(result.exit_code == 2);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    return result.err;
  };
  CHECK_THAT(error_for({{"type", "dropout"}, {"rate", 0.2}, {"noise_shape", {32, nullptr}}}),
             Catch::Contains("/model/layers/1/noise_shape/0: cannot fit every batch") &&
                 Catch::Contains("expected null for a draw per sample or 1 for one draw shared by the batch, got 32"));
  CHECK_THAT(error_for({{"type", "dropout"}, {"rate", 0.2}, {"noise_shape", {nullptr, 16, 1}}}),
             Catch::Contains("/model/layers/1/noise_shape: dropout: out of range (expected an array or null with exactly 2 "
                             "items, got [null,16,1] (array))"));
  CHECK_THAT(error_for({{"type", "dropout"}, {"rate", 0.2}, {"noise_shape", {nullptr, 5}}}),
             Catch::Contains("noise_shape's feature axis is 5 but the layer's input has 16 features"));
  CHECK_THAT(error_for({{"type", "gaussian_dropout"}, {"rate", 1.0}}),
             Catch::Contains("/model/layers/1: gaussian_dropout: GaussianDropout rate must be in [0, 1)"));
  CHECK_THAT(error_for({{"type", "gaussian_noise"}}), Catch::Contains("/model/layers/1/stddev: gaussian_noise: missing (expected a number in [0, 1])"));
  CHECK_THAT(error_for({{"type", "gaussian_noise"}, {"stddev", 0.1}, {"rate", 0.1}}), Catch::Contains("rate"));
  CHECK_THAT(error_for({{"type", "gausian_noise"}, {"stddev", 0.1}}), Catch::Contains("gaussian_noise"));
}
