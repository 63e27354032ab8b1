// End to end: the real `nnplug train` on a generated CSV dataset.
#include "support/cli.hpp"

#include <nnplug/io/numpy/npz.hpp>

#include <catch2/catch.hpp>

using namespace nnplug;
using namespace nnplug::test;

namespace {

struct Run {
  CliResult result;
  std::string history;
  std::string weights_bytes;
};

Run train(const TempDir& dir, const Json& config, const std::string& name = "config.json") {
  write_file(dir / name, config.dump(2));
  Run run{run_nnplug({"train", name, "--overwrite"}, dir.path()), "", ""};
  run.history = read_file(dir / "out" / "history.csv");
  run.weights_bytes = read_file(dir / "out" / "weights.npz");
  return run;
}

double last_value(const std::string& csv, const std::string& column) {
  std::istringstream lines(csv);
  std::string header, line, last;
  std::getline(lines, header);
  while (std::getline(lines, line))
    if (!line.empty()) last = line;
  std::vector<std::string> names, values;
  for (std::istringstream h(header); std::getline(h, line, ',');) names.push_back(line);
  for (std::istringstream v(last); std::getline(v, line, ',');) values.push_back(line);
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == column) return std::stod(values.at(i));
  FAIL("no column " << column << " in " << header);
  return 0;
}

}  // namespace

TEST_CASE("nnplug train reaches 95% accuracy on a generated CSV dataset", "[cli][e2e]") {
  TempDir dir;
  write_blobs_csv(dir / "blobs.csv", 900, 4, 3, 11);
  Json config = blobs_config("blobs.csv", 4, 3);
  const Run run = train(dir, config);
  INFO(run.result.out << run.result.err);
  REQUIRE(run.result.exit_code == 0);
  CHECK(run.result.out.find("Epoch 20/20") != std::string::npos);
  CHECK(run.result.out.find(" - accuracy: ") != std::string::npos);
  CHECK(run.result.out.find(" - val_loss: ") != std::string::npos);
  CHECK(last_value(run.history, "val_accuracy") >= 0.95);
  CHECK(last_value(run.history, "accuracy") >= 0.95);
  CHECK(run.history.rfind("epoch,accuracy,learning_rate,loss,val_accuracy,val_loss\n", 0) == 0);

  const auto weights = read_npz(dir / "out" / "weights.npz");
  REQUIRE(weights.size() == 4);
  CHECK(weights[0].name == "dense/kernel");
  CHECK(weights[0].shape == Shape{4, 16});
  CHECK(weights[1].name == "dense/bias");
  CHECK(weights[1].shape == Shape{16});
  CHECK(weights[2].name == "dense_1/kernel");
  CHECK(weights[3].shape == Shape{3});
}

TEST_CASE("the same seed with one thread gives byte-identical weights", "[cli][e2e]") {
  TempDir dir;
  write_blobs_csv(dir / "blobs.csv", 300, 4, 3, 5);
  Json config = blobs_config("blobs.csv", 4, 3);
  config["fit"]["epochs"] = 3;
  config["model"]["layers"].insert(config["model"]["layers"].begin() + 1, Json{{"type", "dropout"}, {"rate", 0.3}});
  const Run first = train(dir, config);
  REQUIRE(first.result.exit_code == 0);
  const Run second = train(dir, config);
  REQUIRE(second.result.exit_code == 0);
  CHECK(first.weights_bytes == second.weights_bytes);
  CHECK(first.history == second.history);

  config["seed"] = 8;
  const Run reseeded = train(dir, config);
  REQUIRE(reseeded.result.exit_code == 0);
  CHECK(reseeded.weights_bytes != first.weights_bytes);
}

TEST_CASE("changing only the optimizer name changes training without rebuilding", "[cli][e2e]") {
  TempDir dir;
  write_blobs_csv(dir / "blobs.csv", 300, 4, 3, 5);
  Json config = blobs_config("blobs.csv", 4, 3);
  config["fit"]["epochs"] = 5;
  config["compile"]["optimizer"] = "adam";
  const Run adam = train(dir, config);
  REQUIRE(adam.result.exit_code == 0);
  config["compile"]["optimizer"] = "sgd";
  const Run sgd = train(dir, config);
  REQUIRE(sgd.result.exit_code == 0);
  CHECK(adam.weights_bytes != sgd.weights_bytes);
  CHECK(last_value(adam.history, "learning_rate") == Approx(0.001));
  CHECK(last_value(sgd.history, "learning_rate") == Approx(0.01));
}

TEST_CASE("data.test is evaluated after fitting", "[cli][e2e]") {
  TempDir dir;
  write_blobs_csv(dir / "blobs.csv", 600, 4, 3, 3);
  write_blobs_csv(dir / "held_out.csv", 300, 4, 3, 3);
  Json config = blobs_config("blobs.csv", 4, 3);
  config["data"]["test"] = {{"format", "csv"}, {"path", "held_out.csv"}, {"label", "label"}};
  const Run run = train(dir, config);
  INFO(run.result.err);
  REQUIRE(run.result.exit_code == 0);
  const auto at = run.result.out.find("test_accuracy: ");
  REQUIRE(at != std::string::npos);
  CHECK(std::stod(run.result.out.substr(at + 15)) >= 0.95);
  CHECK(run.result.out.find("test_loss: ") != std::string::npos);
}

TEST_CASE("initial_weights starts training from a saved npz", "[cli][e2e]") {
  TempDir dir;
  write_blobs_csv(dir / "blobs.csv", 300, 4, 3, 5);
  Json config = blobs_config("blobs.csv", 4, 3);
  config["fit"]["epochs"] = 20;
  REQUIRE(train(dir, config).result.exit_code == 0);
  std::filesystem::rename(dir / "out" / "weights.npz", dir / "trained.npz");
  config["model"]["initial_weights"] = "trained.npz";
  config["fit"]["epochs"] = 1;
  config["compile"]["optimizer"] = {{"name", "sgd"}, {"learning_rate", 1e-6}};
  const Run resumed = train(dir, config);
  REQUIRE(resumed.result.exit_code == 0);
  // A tiny step from trained weights keeps the trained accuracy from the first batch on.
  CHECK(last_value(resumed.history, "accuracy") >= 0.95);
}
