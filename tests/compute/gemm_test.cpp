// gemm() against a double-precision product, on one thread and split across threads,
// and the same bits from the same call on the same thread count, for whichever library
// (NNPLUG_GEMM) the build uses.
#include <nnplug/compute/gemm.hpp>
#include <nnplug/train/training_run.hpp>

#include "support/cli.hpp"

#include <catch2/catch.hpp>
#include <cctype>
#include <omp.h>

using namespace nnplug;

namespace {

Matrix random_matrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  Rng rng(seed);
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = float(rng.uniform(-1.0, 1.0));
  return m;
}

struct Case {
  Eigen::Index m, k, n;
  Transpose op_a, op_b;
};

Matrix product(const Case& c, int threads) {
  const bool ta = c.op_a == Transpose::yes, tb = c.op_b == Transpose::yes;
  const Matrix a = random_matrix(ta ? c.k : c.m, ta ? c.m : c.k, 1);
  const Matrix b = random_matrix(tb ? c.n : c.k, tb ? c.k : c.n, 2);
  Matrix out = Matrix::Constant(c.m, c.n, 12345.0f);  // gemm must overwrite, not accumulate
  // The split itself is under test, so it may ask for more threads than the machine has
  // (set_threads would refuse): OpenMP time-shares them.
  omp_set_num_threads(threads);
  gemm(a, c.op_a, b, c.op_b, out);
  omp_set_num_threads(1);
  return out;
}

Matrix eigen_product(const Case& c) {
  const bool ta = c.op_a == Transpose::yes, tb = c.op_b == Transpose::yes;
  const Matrix a = random_matrix(ta ? c.k : c.m, ta ? c.m : c.k, 1);
  const Matrix b = random_matrix(tb ? c.n : c.k, tb ? c.k : c.n, 2);
  const Eigen::MatrixXd lhs = ta ? Eigen::MatrixXd(a.cast<double>().transpose()) : Eigen::MatrixXd(a.cast<double>());
  const Eigen::MatrixXd rhs = tb ? Eigen::MatrixXd(b.cast<double>().transpose()) : Eigen::MatrixXd(b.cast<double>());
  return (lhs * rhs).cast<float>();
}

}  // namespace

TEST_CASE("gemm computes the dense layer's three products, split across threads or not", "[gemm]") {
  // The layer shapes of 784-256-128-10 at batch 64 (split into 2 blocks with 2 threads),
  // a tall one (split by rows), and small ones that stay on one thread.
  const std::vector<Case> cases{
      {64, 784, 256, Transpose::no, Transpose::no},   {784, 64, 256, Transpose::yes, Transpose::no},
      {64, 256, 784, Transpose::no, Transpose::yes},  {300, 200, 40, Transpose::no, Transpose::no},
      {200, 300, 33, Transpose::yes, Transpose::no},  {301, 129, 65, Transpose::no, Transpose::yes},
      {5, 7, 3, Transpose::no, Transpose::no},        {7, 5, 3, Transpose::yes, Transpose::no},
      {64, 128, 10, Transpose::no, Transpose::no}};
  for (const Case& c : cases) {
    INFO(c.m << " x " << c.k << " x " << c.n << (c.op_a == Transpose::yes ? " A^T" : "")
              << (c.op_b == Transpose::yes ? " B^T" : ""));
    const Matrix reference = eigen_product(c);
    for (int threads : {1, 2, 3}) {
      INFO(threads << " threads");
      const Matrix out = product(c, threads);
      // float accumulation against a double reference: the error grows with k.
      CHECK((out - reference).cwiseAbs().maxCoeff() <= 1e-6f * float(c.k));
      CHECK(product(c, threads) == out);
    }
  }
}

TEST_CASE("gemm refuses shapes that do not match", "[gemm]") {
  const Matrix a = Matrix::Ones(4, 3), b = Matrix::Ones(2, 5);
  Matrix out(4, 5);
  CHECK_THROWS_WITH(gemm(a, Transpose::no, b, Transpose::no, out), Catch::Contains("shapes do not match"));
  Matrix wrong(3, 5);
  const Matrix b_ok = Matrix::Ones(3, 5);
  CHECK_THROWS_WITH(gemm(a, Transpose::no, b_ok, Transpose::no, wrong), Catch::Contains("into 3x5"));
}

TEST_CASE("gemm over an empty inner dimension gives zeros", "[gemm]") {
  const Matrix a(4, 0), b(0, 3);
  Matrix out = Matrix::Constant(4, 3, 7.0f);
  gemm(a, Transpose::no, b, Transpose::no, out);
  CHECK(out.isZero());
}

TEST_CASE("gemm_backend names the configured library and its run-time version, shown by nnplug --version",
          "[gemm][cli]") {
  const GemmBackend backend = gemm_backend();
  CHECK((backend.name == "oneDNN" || backend.name == "OpenBLAS" || backend.name == "Eigen"));
  CHECK(std::isdigit(static_cast<unsigned char>(backend.version.front())));
  CHECK(backend.version.find('.') != std::string::npos);
  test::TempDir dir;
  const auto result = test::run_nnplug({"--version"}, dir.path());
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("GEMM " + backend.name + " " + backend.version));
}
