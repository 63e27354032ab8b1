#include "model/model_support.hpp"

#include <nnplug/base/error.hpp>
#include <nnplug/losses/loss.hpp>
#include <nnplug/metrics/metric.hpp>

using namespace nnplug;

TEST_CASE("accuracy with one output is binary accuracy with a strict 0.5 threshold", "[model][metric]") {
  const auto accuracy = Metric::create("accuracy", "compile.metrics[0]");
  Matrix y_pred(5, 1), y_true(5, 1);
  y_pred << 0.9f, 0.5f, 0.51f, 0.1f, 0.7f;
  y_true << 1, 0, 1, 1, 0;
  // 0.5 is not > 0.5, so it predicts 0: rows 0, 1 and 2 are right.
  CHECK(accuracy->sum(y_pred, y_true) == 3.0);
}

TEST_CASE("accuracy with index targets is sparse categorical accuracy", "[model][metric]") {
  const auto accuracy = Metric::create("acc", "compile.metrics[0]");
  Matrix y_pred(4, 3), y_true(4, 1);
  y_pred << 0.1f, 0.7f, 0.2f,  //
      0.5f, 0.2f, 0.3f,        //
      0.3f, 0.3f, 0.4f,        //
      0.4f, 0.4f, 0.2f;        // tie: the first index wins
  y_true << 1, 0, 1, 0;
  CHECK(accuracy->sum(y_pred, y_true) == 3.0);
}

TEST_CASE("accuracy with one-hot targets is categorical accuracy", "[model][metric]") {
  const auto accuracy = Metric::create("accuracy", "compile.metrics[0]");
  Matrix y_pred(3, 3), y_true(3, 3);
  y_pred << 0.2f, 0.2f, 0.6f,  //
      0.5f, 0.5f, 0.0f,        // tie: index 0
      0.1f, 0.8f, 0.1f;
  y_true << 0, 0, 1,  //
      0, 1, 0,        //
      0, 1, 0;
  CHECK(accuracy->sum(y_pred, y_true) == 2.0);
  CHECK_THROWS_WITH(accuracy->sum(y_pred, Matrix(Matrix::Zero(3, 2))), Catch::Contains("targets are 3 x 2"));
}

TEST_CASE("metrics keep the name given and report their direction", "[model][metric]") {
  CHECK(Metric::create("accuracy", "m")->name() == "accuracy");
  CHECK(Metric::create("acc", "m")->name() == "acc");
  CHECK(Metric::create("acc", "m")->direction() == Direction::maximize);
  for (const char* name : {"mse", "mean_squared_error", "mae", "mean_absolute_error"}) {
    CHECK(Metric::create(name, "m")->name() == name);
    CHECK(Metric::create(name, "m")->direction() == Direction::minimize);
  }
}

TEST_CASE("mse and mae metrics sum the per-sample values", "[model][metric]") {
  Matrix y_pred(2, 2), y_true(2, 2);
  y_pred << 1, -1, 2, 0;
  y_true << 0, 0, 0, 0;
  // per sample: mse 1 and 2; mae 1 and 1.
  CHECK(Metric::create("mse", "m")->sum(y_pred, y_true) == Approx(3.0));
  CHECK(Metric::create("mae", "m")->sum(y_pred, y_true) == Approx(2.0));
}

TEST_CASE("an unknown metric names the place and the nearest names", "[model][metric]") {
  CHECK_THROWS_WITH(Metric::create("acuracy", "compile.metrics[1]"),
                    Catch::StartsWith("compile.metrics[1]: unknown metric 'acuracy'") &&
                        Catch::Contains("did you mean 'accuracy'"));
}
