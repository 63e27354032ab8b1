// What a run leaves in output.dir besides the weights: history.csv with every number in
// its shortest round-trip form (a float32 learning rate as "0.001"), metrics.json with
// the test scores, and the same numbers for an embedding program in TrainResult.
#include "support/cli.hpp"

#include <nnplug/train/standard_callbacks.hpp>
#include <nnplug/train/training_run.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>

using namespace nnplug;

TEST_CASE("numbers print in their shortest round-trip form, float32 values as float32", "[history]") {
  CHECK(shortest_number(double(0.001f)) == "0.001");  // not 0.0010000000474974513
  CHECK(shortest_number(double(1.0f / 3.0f)) == "0.33333334");
  CHECK(shortest_number(1.0 / 3.0) == "0.3333333333333333");  // not a float32: the double's digits
  CHECK(shortest_number(0.1) == "0.1");
  CHECK(shortest_number(0.75) == "0.75");
  CHECK(shortest_number(3.0) == "3");
  CHECK(shortest_number(NAN) == "nan");
  CHECK(shortest_number(-INFINITY) == "-inf");
  // Doubles read back as the same double; float32 values as the same float32.
  for (const double value : {0.1234567890123, 2.5e-7, 1e300, 1.0 / 3.0})
    CHECK(std::stod(shortest_number(value)) == value);
  for (const float value : {1e-5f, 0.3f, 1.0f / 7.0f, 3.4e38f})
    CHECK(std::stof(shortest_number(double(value))) == value);
}

TEST_CASE("history.csv, metrics.json and TrainResult of a run with test data", "[history][cli]") {
  test::TempDir dir;
  test::write_blobs_csv(dir / "blobs.csv", 1200, 4, 3, 5);
  Json config = test::blobs_config("blobs.csv", 4, 3);
  config["compile"]["optimizer"] = {{"name", "adam"}, {"learning_rate", 0.001}};
  config["fit"] = {{"epochs", 3}, {"batch_size", 8}};
  config["data"]["test"] = {{"format", "csv"}, {"path", "blobs.csv"}, {"label", "label"}};
  config["output"]["dir"] = (dir / "out").string();
  test::write_file(dir / "config.json", config.dump());

  TrainRequest request;
  request.config = dir / "config.json";
  request.plugin_dirs = {NNPLUG_TEST_PLUGIN_DIR};
  std::ostringstream progress;
  request.out = &progress;
  const TrainResult result = run_training(request);

  // The embedding API: every epoch's logs and the test scores, as the files hold them.
  REQUIRE(result.history.size() == 3);
  REQUIRE(result.test.has_value());
  const std::string csv = test::read_file(dir / "out" / "history.csv");
  INFO(csv);
  std::istringstream lines(csv);
  std::string header, row;
  std::getline(lines, header);
  CHECK(header == "epoch,accuracy,learning_rate,loss,val_accuracy,val_loss");
  for (std::size_t epoch = 0; epoch < 3; ++epoch) {
    REQUIRE(std::getline(lines, row));
    const auto& logs = result.history[epoch];
    CHECK(row == std::to_string(epoch) + "," + shortest_number(*logs.get("accuracy")) + ",0.001," +
                     shortest_number(*logs.get("loss")) + "," + shortest_number(*logs.get("val_accuracy")) + "," +
                     shortest_number(*logs.get("val_loss")));
    CHECK(std::stod(row.substr(row.rfind(',') + 1)) == *logs.get("val_loss"));  // exact round trip
  }

  const Json metrics = Json::parse(test::read_file(dir / "out" / "metrics.json"));
  CHECK(metrics.size() == 2);
  CHECK(metrics.at("test_loss").get<double>() == *result.test->get("test_loss"));
  CHECK(metrics.at("test_accuracy").get<double>() == *result.test->get("test_accuracy"));
  CHECK(metrics.at("test_accuracy").get<double>() > 0.9);  // separable blobs, seen in training
  // The printed line and the file agree.
  char line[64];
  std::snprintf(line, sizeof line, "test_loss: %.4f\n", metrics.at("test_loss").get<double>());
  CHECK(progress.str().find(line) != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "out" / "metrics.json.tmp"));
}
