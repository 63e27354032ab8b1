#include <nnplug/io/data/data.hpp>
#include <nnplug/base/error.hpp>

#include <catch2/catch.hpp>

#include <limits>

using Catch::Matchers::Contains;
using nnplug::Matrix;
using nnplug::one_hot;

TEST_CASE("one_hot puts a single 1 in each label's column", "[data][one_hot]") {
  const Matrix labels = (Matrix(4, 1) << 2, 0, 1, 2).finished();
  const Matrix expected = (Matrix(4, 3) << 0, 0, 1,  //
                           1, 0, 0,                  //
                           0, 1, 0,                  //
                           0, 0, 1)
                              .finished();
  CHECK(one_hot(labels, 3, "labels.idx") == expected);
  CHECK(one_hot(Matrix(0, 1), 10, "none").rows() == 0);
}

TEST_CASE("one_hot names the source, the row and the value of a bad label", "[data][one_hot]") {
  const auto with_label = [](float bad) { return (Matrix(3, 1) << 0, bad, 1).finished(); };
  REQUIRE_THROWS_AS(one_hot(with_label(3), 3, "train.csv"), nnplug::Error);
  REQUIRE_THROWS_WITH(one_hot(with_label(3), 3, "train.csv"),
                      Contains("train.csv: row 2 of 3 has label 3, expected an integer class index in [0, 3)"));
  REQUIRE_THROWS_WITH(one_hot(with_label(-1), 3, "train.csv"), Contains("row 2 of 3 has label -1"));
  REQUIRE_THROWS_WITH(one_hot(with_label(1.5f), 3, "train.csv"), Contains("row 2 of 3 has label 1.5"));
  REQUIRE_THROWS_WITH(one_hot(with_label(std::numeric_limits<float>::quiet_NaN()), 3, "train.csv"),
                      Contains("row 2 of 3 has label nan"));
  REQUIRE_THROWS_WITH(one_hot(Matrix::Zero(2, 2), 3, "images.idx"),
                      Contains("images.idx: expected one class index per row") && Contains("got 2 values per row"));
  REQUIRE_THROWS_WITH(one_hot(with_label(0), 0, "train.csv"), Contains("train.csv: one-hot encoding needs at least 1 class"));
}
