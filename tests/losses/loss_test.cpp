#include "model/model_support.hpp"

#include <nnplug/base/error.hpp>
#include <nnplug/losses/loss.hpp>

using namespace nnplug;
using nnplug::model_test::matrix_from;

namespace {

std::string error_of(const Json& spec, std::string_view where = "/compile/loss") {
  try {
    Loss::create(spec, where);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

Matrix one_hot_rows(const std::vector<int>& labels, Eigen::Index classes) {
  Matrix m = Matrix::Zero(Eigen::Index(labels.size()), classes);
  for (std::size_t i = 0; i < labels.size(); ++i) m(Eigen::Index(i), labels[i]) = 1.0f;
  return m;
}

// Rows of positive values that are not normalised, away from the clip bounds.
Matrix positive_rows(Eigen::Index rows, Eigen::Index cols, Rng& rng) { return model_test::random_matrix(rows, cols, rng, 0.1, 1.0); }

void check_against_central_differences(const Json& spec, Matrix y_pred, const Matrix& y_true) {
  const auto loss = Loss::create(spec, "test");
  Matrix analytic;
  loss->evaluate(y_pred, y_true, &analytic);
  const Matrix numeric = model_test::numeric_gradient(y_pred, [&] { return loss->evaluate(y_pred, y_true, nullptr); });
  model_test::require_gradient_matches(analytic, numeric, spec.dump());
}

}  // namespace

TEST_CASE("Losses match PyTorch values and gradients", "[model][loss]") {
  const Json reference = model_test::load_reference("losses.json");
  REQUIRE(reference["cases"].size() >= 15);
  for (const auto& item : reference["cases"]) {
    const std::string label = item["case"].get<std::string>() + " " + item["spec"].dump();
    INFO(label);
    const auto loss = Loss::create(item["spec"], "test");
    const Matrix y_pred = matrix_from(item["y_pred"]), y_true = matrix_from(item["y_true"]);
    Matrix gradient;
    const double value = loss->evaluate(y_pred, y_true, &gradient);
    CHECK(value == Approx(item["loss"].get<double>()).epsilon(1e-6));
    CHECK(loss->evaluate(y_pred, y_true, nullptr) == value);
    model_test::require_close(gradient, matrix_from(item["gradient"]), 1e-5, 1e-7, label);
  }
}

TEST_CASE("Loss gradients match central differences", "[model][loss]") {
  Rng rng(5);
  const Eigen::Index rows = 4, classes = 5;
  const Matrix one_hot = one_hot_rows({0, 3, 1, 4}, classes);
  Matrix indices(rows, 1);
  indices << 0, 3, 1, 4;
  for (const bool from_logits : {false, true}) {
    SECTION(from_logits ? "from logits" : "from probabilities") {
      const Matrix predictions = from_logits ? model_test::random_matrix(rows, classes, rng, -3.0, 3.0)
                                             : positive_rows(rows, classes, rng);
      for (const double smoothing : {0.0, 0.2}) {
        check_against_central_differences(
            {{"name", "categorical_crossentropy"}, {"from_logits", from_logits}, {"label_smoothing", smoothing}},
            predictions, one_hot);
        const Matrix binary_targets = model_test::random_matrix(rows, classes, rng, 0.0, 1.0);
        const Matrix binary_predictions =
            from_logits ? predictions : Matrix(model_test::random_matrix(rows, classes, rng, 0.05, 0.95));
        check_against_central_differences(
            {{"name", "binary_crossentropy"}, {"from_logits", from_logits}, {"label_smoothing", smoothing}},
            binary_predictions, binary_targets);
      }
      check_against_central_differences({{"name", "sparse_categorical_crossentropy"}, {"from_logits", from_logits}},
                                        predictions, indices);
    }
  }
  SECTION("regression") {
    const Matrix predictions = model_test::random_matrix(rows, 3, rng);
    const Matrix targets = model_test::random_matrix(rows, 3, rng);
    check_against_central_differences("mse", predictions, targets);
    check_against_central_differences("mae", predictions, targets);
  }
}

TEST_CASE("Clipped probabilities pass no gradient", "[model][loss]") {
  Matrix y_pred(1, 3);
  y_pred << 1.0f, 0.0f, 0.0f;
  const Matrix y_true = one_hot_rows({1}, 3);
  Matrix gradient;
  const double value = Loss::create("categorical_crossentropy", "t")->evaluate(y_pred, y_true, &gradient);
  CHECK(value == Approx(-std::log(1e-7)).epsilon(1e-6));
  CHECK(gradient.isZero());
  Loss::create("binary_crossentropy", "t")->evaluate(y_pred, Matrix(Matrix::Zero(1, 3)), &gradient);
  CHECK(gradient(0, 0) == 0.0f);  // p = 1 clipped
  CHECK(gradient(0, 1) == 0.0f);  // p = 0 clipped
}

TEST_CASE("Sparse cross-entropy equals cross-entropy with one-hot targets", "[model][loss]") {
  Rng rng(9);
  Matrix indices(3, 1);
  indices << 2, 0, 1;
  const Matrix one_hot = one_hot_rows({2, 0, 1}, 3);
  for (const bool from_logits : {false, true}) {
    const Matrix y_pred = from_logits ? model_test::random_matrix(3, 3, rng) : positive_rows(3, 3, rng);
    Matrix sparse_gradient, dense_gradient;
    const double sparse = Loss::create({{"name", "sparse_categorical_crossentropy"}, {"from_logits", from_logits}}, "t")
                              ->evaluate(y_pred, indices, &sparse_gradient);
    const double dense = Loss::create({{"name", "categorical_crossentropy"}, {"from_logits", from_logits}}, "t")
                             ->evaluate(y_pred, one_hot, &dense_gradient);
    CHECK(sparse == Approx(dense).epsilon(1e-12));
    CHECK(sparse_gradient == dense_gradient);
  }
}

TEST_CASE("Sparse cross-entropy names the row of a bad class index", "[model][loss]") {
  const auto loss = Loss::create("sparse_categorical_crossentropy", "t");
  Matrix y_pred = Matrix::Constant(3, 4, 0.25f);
  Matrix indices(3, 1);
  for (const float bad : {4.0f, -1.0f, 1.5f, std::nanf("")}) {
    indices << 0, 1, bad;
    try {
      loss->evaluate(y_pred, indices, nullptr);
      FAIL("no error for " << bad);
    } catch (const Error& e) {
      CHECK(contains(e.what(), "row 2"));
      CHECK(contains(e.what(), "[0, 3]"));
    }
  }
  CHECK_THROWS_WITH(loss->evaluate(y_pred, Matrix(Matrix::Zero(3, 4)), nullptr),
                    Catch::Contains("one class index per sample"));
}

TEST_CASE("Losses refuse predictions and targets of different shapes", "[model][loss]") {
  for (const char* name : {"categorical_crossentropy", "binary_crossentropy", "mse", "mae"}) {
    CHECK_THROWS_WITH(Loss::create(name, "t")->evaluate(Matrix::Zero(2, 3), Matrix::Zero(2, 4), nullptr),
                      Catch::Contains("predictions are 2 x 3 but targets are 2 x 4"));
  }
}

TEST_CASE("Loss::create accepts Keras names, class names and aliases", "[model][loss]") {
  const std::vector<std::pair<std::string, std::string>> expected{
      {"categorical_crossentropy", "categorical_crossentropy"},
      {"CategoricalCrossentropy", "categorical_crossentropy"},
      {"sparse_categorical_crossentropy", "sparse_categorical_crossentropy"},
      {"SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"},
      {"binary_crossentropy", "binary_crossentropy"},
      {"BinaryCrossentropy", "binary_crossentropy"},
      {"bce", "binary_crossentropy"},
      {"BCE", "binary_crossentropy"},
      {"mean_squared_error", "mean_squared_error"},
      {"MeanSquaredError", "mean_squared_error"},
      {"mse", "mean_squared_error"},
      {"MSE", "mean_squared_error"},
      {"mean_absolute_error", "mean_absolute_error"},
      {"mae", "mean_absolute_error"},
      {"MAE", "mean_absolute_error"}};
  for (const auto& [given, canonical] : expected) {
    CHECK(Loss::create(given, "t")->name() == canonical);
    CHECK(Loss::create(Json{{"name", given}}, "t")->name() == canonical);
  }
  CHECK(Loss::create("categorical_crossentropy", "t")->target_form() == TargetForm::one_hot);
  CHECK(Loss::create("sparse_categorical_crossentropy", "t")->target_form() == TargetForm::index);
  CHECK(Loss::create("bce", "t")->target_form() == TargetForm::as_is);
  CHECK(Loss::create("mse", "t")->target_form() == TargetForm::as_is);
}

TEST_CASE("Loss::create errors name the place, the problem and the fix", "[model][loss]") {
  const std::string unknown = error_of("categorical_crossentropyy");
  CHECK(unknown.rfind("/compile/loss: unknown loss 'categorical_crossentropyy'", 0) == 0);
  CHECK(contains(unknown, "did you mean 'categorical_crossentropy'"));

  const std::string misspelt_key = error_of({{"name", "categorical_crossentropy"}, {"label_smothing", 0.1}});
  CHECK(misspelt_key.rfind("/compile/loss/label_smothing: categorical_crossentropy: unknown parameter (expected one of ", 0) == 0);
  CHECK(contains(misspelt_key, "did you mean 'label_smoothing'"));

  CHECK(contains(error_of({{"name", "mse"}, {"from_logits", true}}), "/compile/loss/from_logits: mean_squared_error: unknown parameter"));
  CHECK(contains(error_of({{"name", "sparse_categorical_crossentropy"}, {"label_smoothing", 0.1}}),
                 "/compile/loss/label_smoothing: sparse_categorical_crossentropy: unknown parameter"));
  CHECK(contains(error_of({{"name", "bce"}, {"label_smoothing", 1.5}}), "in [0, 1]"));
  CHECK(contains(error_of({{"name", "bce"}, {"from_logits", "yes"}}), "boolean"));
  CHECK(contains(error_of({{"from_logits", true}}), "a loss is a name"));
  CHECK(contains(error_of(3), "a loss is a name"));
}

TEST_CASE("Losses average over the batch and divide the gradient by it", "[model][loss]") {
  Matrix y_pred(2, 2), y_true(2, 2);
  y_pred << 1, 2, 3, 4;
  y_true << 0, 0, 0, 0;
  Matrix gradient;
  // mse: per sample mean(e^2) = 2.5 and 12.5, mean over the batch 7.5; d/dy = 2e / 4.
  CHECK(Loss::create("mse", "t")->evaluate(y_pred, y_true, &gradient) == Approx(7.5));
  CHECK(gradient(1, 1) == Approx(2.0 * 4.0 / 4.0));
  CHECK(Loss::create("mae", "t")->evaluate(y_pred, y_true, &gradient) == Approx(2.5));
  CHECK(gradient(0, 0) == Approx(0.25));
}
