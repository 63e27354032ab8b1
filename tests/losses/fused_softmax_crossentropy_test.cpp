// Softmax + (sparse) categorical cross-entropy: the loss's gradient with respect to the
// logits (the fast path Sequential takes) must match the generic path, dL/dp through the
// softmax Jacobian, on random inputs, with label smoothing and where Keras's clip is active.
#include <nnplug/activations/activation.hpp>
#include <nnplug/losses/loss.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace nnplug;

namespace {

struct Batch {
  Matrix logits, probabilities, targets;
};

Batch random_batch(Eigen::Index rows, Eigen::Index classes, double spread, std::uint64_t seed) {
  Rng rng(seed);
  Batch batch{Matrix(rows, classes), Matrix(), Matrix::Zero(rows, classes)};
  for (Eigen::Index k = 0; k < batch.logits.size(); ++k) batch.logits.data()[k] = float(rng.normal() * spread);
  for (Eigen::Index i = 0; i < rows; ++i) batch.targets(i, Eigen::Index(rng.below(std::size_t(classes)))) = 1.0f;
  Activation::parse("softmax", "test").forward(batch.logits, batch.probabilities);
  return batch;
}

Matrix generic_gradient(const Loss& loss, const Batch& batch) {
  Matrix gradient;
  loss.evaluate(batch.probabilities, batch.targets, &gradient);
  Activation::parse("softmax", "test").backward(batch.logits, batch.probabilities, gradient);
  return gradient;
}

Matrix fused_gradient(const Loss& loss, const Batch& batch) {
  Matrix gradient;
  const std::optional<double> value =
      loss.evaluate_wrt_logits(Activation::parse("softmax", "test"), batch.probabilities, batch.targets, gradient);
  REQUIRE(value.has_value());
  // The same pass gives the loss evaluate() gives.
  CHECK(*value == Approx(loss.evaluate(batch.probabilities, batch.targets, nullptr)).epsilon(1e-12));
  return gradient;
}

void require_float_close(const Matrix& fused, const Matrix& generic) {
  REQUIRE(fused.rows() == generic.rows());
  REQUIRE(fused.cols() == generic.cols());
  for (Eigen::Index i = 0; i < fused.rows(); ++i)
    for (Eigen::Index j = 0; j < fused.cols(); ++j) {
      INFO("entry (" << i << ", " << j << ")");
      REQUIRE(std::abs(fused(i, j) - generic(i, j)) <= 1e-7 + 1e-4 * std::abs(generic(i, j)));
    }
}

}  // namespace

TEST_CASE("fused softmax cross-entropy gradient matches the generic path", "[perf][loss]") {
  for (const char* spec : {R"("categorical_crossentropy")", R"({"name": "categorical_crossentropy", "label_smoothing": 0.1})"}) {
    INFO(spec);
    const auto loss = Loss::create(Json::parse(spec), "test");
    for (std::uint64_t seed : {1, 2, 3}) {
      const Batch batch = random_batch(33, 10, 2.0, seed);
      require_float_close(fused_gradient(*loss, batch), generic_gradient(*loss, batch));
    }
  }
}

TEST_CASE("fused softmax sparse cross-entropy gradient matches the generic path and the one-hot form", "[perf][loss]") {
  const auto sparse = Loss::create("sparse_categorical_crossentropy", "test");
  const auto one_hot = Loss::create("categorical_crossentropy", "test");
  for (std::uint64_t seed : {1, 2, 3}) {
    Batch batch = random_batch(33, 10, 2.0, seed);
    Batch labels = batch;
    labels.targets.resize(batch.targets.rows(), 1);
    for (Eigen::Index i = 0; i < batch.targets.rows(); ++i) {
      Eigen::Index label;
      batch.targets.row(i).maxCoeff(&label);
      labels.targets(i, 0) = float(label);
    }
    const Matrix fused = fused_gradient(*sparse, labels);
    require_float_close(fused, generic_gradient(*sparse, labels));
    CHECK(fused == fused_gradient(*one_hot, batch));
  }
  Matrix gradient;
  Batch bad = random_batch(2, 3, 1.0, 4);
  bad.targets = Matrix::Constant(2, 1, 3.0f);  // class 3 of 3
  CHECK_THROWS_WITH(sparse->evaluate_wrt_logits(Activation::parse("softmax", "test"), bad.probabilities, bad.targets, gradient),
                    Catch::Contains("must be a class index in [0, 2]"));
  CHECK_FALSE(Loss::create(Json::parse(R"({"name": "sparse_categorical_crossentropy", "from_logits": true})"), "test")
                  ->evaluate_wrt_logits(Activation::parse("softmax", "test"), bad.probabilities, bad.targets, gradient).has_value());
}

TEST_CASE("fused softmax cross-entropy gradient follows Keras's clip where it is active", "[perf][loss]") {
  const auto loss = Loss::create("categorical_crossentropy", "test");
  Batch batch = random_batch(4, 5, 1.0, 7);
  // Row 0: the target class is far below the others, its probability under 1e-7.
  // Row 1: the target class dominates, its probability rounds to 1.
  // Row 2: a non-target class is below 1e-7: clipped, but it carries no gradient anyway.
  batch.logits.row(0) << -30.0f, 0.0f, 1.0f, 0.5f, 0.0f;
  batch.logits.row(1) << 40.0f, 0.0f, 1.0f, 0.5f, 0.0f;
  batch.logits.row(2) << -30.0f, 2.0f, 1.0f, 0.5f, 0.0f;
  batch.targets.topRows(3).setZero();
  batch.targets(0, 0) = batch.targets(1, 0) = batch.targets(2, 1) = 1.0f;
  Activation::parse("softmax", "test").forward(batch.logits, batch.probabilities);
  REQUIRE(batch.probabilities(0, 0) < 1e-7f);
  REQUIRE(batch.probabilities(1, 0) == 1.0f);
  REQUIRE(batch.probabilities(2, 0) < 1e-7f);

  const Matrix fused = fused_gradient(*loss, batch);
  require_float_close(fused, generic_gradient(*loss, batch));
  // Where the clip is active the plain (p - y) / batch is not what Keras's clip gives:
  // the fused path must not have used it there.
  const Matrix plain = (batch.probabilities - batch.targets) / float(batch.probabilities.rows());
  CHECK(std::abs(fused(0, 0) - plain(0, 0)) > 0.1f);
  CHECK(fused(2, 1) == Approx(plain(2, 1)).epsilon(1e-5));
}

TEST_CASE("only softmax on probabilities takes the fused gradient", "[perf][loss]") {
  const Batch batch = random_batch(3, 4, 1.0, 9);
  Matrix gradient;
  const auto probabilities = Loss::create("categorical_crossentropy", "test");
  CHECK_FALSE(probabilities->evaluate_wrt_logits(Activation::parse("sigmoid", "test"), batch.probabilities,
                                                 batch.targets, gradient).has_value());
  const auto logits = Loss::create(Json::parse(R"({"name": "categorical_crossentropy", "from_logits": true})"), "test");
  CHECK_FALSE(logits->evaluate_wrt_logits(Activation::parse("softmax", "test"), batch.probabilities, batch.targets,
                                          gradient).has_value());
  CHECK_FALSE(Loss::create("mse", "test")->evaluate_wrt_logits(Activation::parse("softmax", "test"),
                                                                batch.probabilities, batch.targets, gradient).has_value());
}
