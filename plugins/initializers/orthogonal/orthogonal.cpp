// A random orthogonal matrix (Saxe et al.), as Keras: A ~ N(0, 1) of shape
// (max(rows, cols), min(rows, cols)), A = QR, Q's columns times sign(diag(R)) so Q is
// uniformly (Haar) distributed rather than biased by the QR's sign convention, transposed
// for a wide matrix, times gain. rows is the product of all but the last extent.
#include "../random_draws.hpp"

#include <Eigen/QR>

#include <algorithm>
#include <span>
#include <stdexcept>

namespace {

using DoubleMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// n orthonormal columns of length m >= n.
DoubleMatrix random_orthonormal_columns(Eigen::Index m, Eigen::Index n, nnplug::Rng& rng) {
  DoubleMatrix a(m, n);
  // Row-major storage: A is drawn row by row, as Keras's normal(flat_shape).
  for (double& value : std::span(a.data(), std::size_t(a.size()))) value = rng.normal();
  const Eigen::HouseholderQR<DoubleMatrix> qr(a);
  DoubleMatrix q = qr.householderQ() * DoubleMatrix::Identity(m, n);
  const Eigen::VectorXd r_diagonal = qr.matrixQR().diagonal();
  for (Eigen::Index j = 0; j < n; ++j)
    if (r_diagonal(j) < 0.0) q.col(j) *= -1.0;
  return q;
}

class Orthogonal final : public nnplug::Initializer {
 public:
  explicit Orthogonal(const nnplug::Params& params) : gain_(params.number("gain")), draws_(params) {}

  void fill(nnplug::ArrayMap values, nnplug::ShapeView shape, nnplug::Rng& rng) const override {
    if (shape.size() < 2)
      throw std::invalid_argument("orthogonal needs a tensor of rank 2 or more; got shape " +
                                  nnplug::shape_text(shape) + " of rank " + std::to_string(shape.size()));
    auto target = nnplug::as_matrix(values, shape);
    const Eigen::Index rows = target.rows(), cols = target.cols();
    draws_.with(rng, [&](nnplug::Rng& stream) {
      const DoubleMatrix q = random_orthonormal_columns(std::max(rows, cols), std::min(rows, cols), stream);
      if (rows < cols)
        target = (gain_ * q.transpose()).cast<float>();
      else
        target = (gain_ * q).cast<float>();
    });
  }

 private:
  double gain_;
  nnplug::SeededDraws draws_;
};

}  // namespace

NNPLUG_PLUGIN(Orthogonal, ::nnplug::Kind::initializer, "orthogonal", "Orthogonal,OrthogonalInitializer", "1.0.0",
              "random orthogonal matrix (QR of a normal matrix) times gain",
              R"json({"type": "object", "additionalProperties": false, "properties": {
  "gain": {"type": "number", "default": 1.0,
           "description": "factor of the orthogonal matrix: Q^T Q = gain^2 I (Q Q^T for a matrix with fewer rows than columns)"},
  )json" NNPLUG_SEED_PROPERTY "}}")
