#pragma once
// Helpers for the [model] tests: reference JSON, matrix comparison, central differences,
// and tiny in-test plugins (an L2 regularizer and initializers) wrapped as Loaded<T>.
#include <catch2/catch.hpp>
#include <nnplug/registry/registry.hpp>
#include <nnplug/sdk/tensor.hpp>

#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

namespace nnplug::model_test {

inline Json load_reference(const std::string& file) {
  std::ifstream in(std::string(NNPLUG_TEST_DATA_DIR) + "/reference/" + file);
  REQUIRE(in.good());
  return Json::parse(in);
}

inline Matrix matrix_from(const Json& rows) {
  Matrix m(Eigen::Index(rows.size()), rows.empty() ? 0 : Eigen::Index(rows[0].size()));
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = rows[std::size_t(i)][std::size_t(j)].get<float>();
  return m;
}

inline Matrix random_matrix(Eigen::Index rows, Eigen::Index cols, Rng& rng, double low = -2.0, double high = 2.0) {
  Matrix m(rows, cols);
  for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = float(rng.uniform(low, high));
  return m;
}

// sum(a .* b) in double: the scalar objective whose gradient with respect to a layer's
// output is `b`.
inline double weighted_sum(const Matrix& a, const Matrix& b) {
  return (a.cast<double>().array() * b.cast<double>().array()).sum();
}

// Every entry within abs + rel * |expected|; reports the first entry that is not.
inline void require_close(const Matrix& actual, const Matrix& expected, double rel, double abs,
                          const std::string& what = "") {
  INFO(what);
  REQUIRE(actual.rows() == expected.rows());
  REQUIRE(actual.cols() == expected.cols());
  for (Eigen::Index i = 0; i < actual.rows(); ++i) {
    for (Eigen::Index j = 0; j < actual.cols(); ++j) {
      const double a = actual(i, j), e = expected(i, j);
      if (std::abs(a - e) <= abs + rel * std::abs(e)) continue;
      INFO("entry (" << i << ", " << j << "): got " << a << ", expected " << e);
      REQUIRE(std::abs(a - e) <= abs + rel * std::abs(e));
    }
  }
}

// Central differences of `objective` with respect to every entry of `x`, which is
// perturbed in place and restored. Float inputs, double objective: step 1e-3 keeps the
// float rounding of the objective's terms well below the 1e-2 tolerance we check with.
inline Matrix numeric_gradient(Matrix& x, const std::function<double()>& objective, float step = 1e-3f) {
  Matrix gradient(x.rows(), x.cols());
  for (Eigen::Index k = 0; k < x.size(); ++k) {
    const float saved = x.data()[k];
    x.data()[k] = saved + step;
    const double up = objective();
    x.data()[k] = saved - step;
    const double down = objective();
    x.data()[k] = saved;
    gradient.data()[k] = float((up - down) / (double(saved + step) - double(saved - step)));
  }
  return gradient;
}

inline void require_gradient_matches(const Matrix& analytic, const Matrix& numeric, const std::string& what) {
  require_close(analytic, numeric, 1e-2, 2e-3, what);
}

// penalty = factor * sum(x^2), as Keras's L2.
class TestL2 final : public Regularizer {
 public:
  explicit TestL2(double factor) : factor_(factor) {}
  double penalty(ConstArrayMap values, ShapeView) const override { return factor_ * values.cast<double>().square().sum(); }
  void add_gradient(ConstArrayMap values, ShapeView, ArrayMap gradient, float scale) const override {
    gradient += scale * float(2.0 * factor_) * values;
  }

 private:
  double factor_;
};

inline Loaded<Regularizer> test_l2(double factor) {
  return Loaded<Regularizer>::local(std::make_unique<TestL2>(factor), "test_l2");
}

// Uniform in [low, high) from the model's Rng; remembers the shape it was asked to fill.
class TestUniform final : public Initializer {
 public:
  TestUniform(double low, double high, Shape* seen) : low_(low), high_(high), seen_(seen) {}
  void fill(ArrayMap values, ShapeView shape, Rng& rng) const override {
    if (seen_ != nullptr) *seen_ = Shape(shape.begin(), shape.end());
    for (auto& v : values) v = float(rng.uniform(low_, high_));
  }

 private:
  double low_, high_;
  Shape* seen_;
};

inline Loaded<Initializer> test_uniform(double low = -0.5, double high = 0.5, Shape* seen = nullptr) {
  return Loaded<Initializer>::local(std::make_unique<TestUniform>(low, high, seen), "test_uniform");
}

// Throws from fill, as a faulty plugin might.
class ThrowingInitializer final : public Initializer {
 public:
  void fill(ArrayMap, ShapeView, Rng&) const override { throw std::runtime_error("out of ideas"); }
};

}  // namespace nnplug::model_test
