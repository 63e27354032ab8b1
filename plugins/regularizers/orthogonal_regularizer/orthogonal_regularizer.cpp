// Keras's OrthogonalRegularizer: pushes a matrix's rows (or columns) towards being mutually
// orthogonal. With u_i the vectors L2-normalised and P = U U^T their cosines, the penalty is
//   factor * 0.5 * sum_{i != j} |P_ij| / (n (n - 1) / 2),
// half the factor times the mean absolute cosine over ordered pairs. Computed in double.

#include <nnplug/sdk/regularizer.hpp>

#include <stdexcept>
#include <string>

namespace {

using DoubleMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Keras's normalize: x * min(1 / |x|, 1 / epsilon) with epsilon 1e-7, so a zero vector stays zero.
constexpr double largest_inverse_norm = 1e7;

// The vectors, one per row, scaled to unit length.
struct UnitVectors {
  DoubleMatrix unit;
  Eigen::VectorXd inverse_norm;
};

UnitVectors normalize_rows(const DoubleMatrix& vectors) {
  const Eigen::VectorXd inverse_norm =
      vectors.rowwise().norm().cwiseInverse().cwiseMin(largest_inverse_norm);
  return {inverse_norm.asDiagonal() * vectors, inverse_norm};
}

// The cosines with the diagonal (each vector with itself) left out.
DoubleMatrix off_diagonal_cosines(const UnitVectors& vectors) {
  DoubleMatrix cosines = vectors.unit * vectors.unit.transpose();
  cosines.diagonal().setZero();
  return cosines;
}

class OrthogonalRegularizer final : public nnplug::Regularizer {
 public:
  explicit OrthogonalRegularizer(const nnplug::Params& params)
      : factor_(params.number("factor")), columns_(params.text("mode") == "columns") {}

  double penalty(nnplug::ConstArrayMap values, nnplug::ShapeView shape) const override {
    const UnitVectors vectors = normalize_rows(vectors_of(values, shape));
    if (vectors.unit.rows() < 2) return 0.0;
    return factor_ * 0.5 * off_diagonal_cosines(vectors).cwiseAbs().sum() / pairs(vectors.unit.rows());
  }

  // d penalty / d P_ij = c sign(P_ij) off the diagonal with c = factor * 0.5 / pairs; P is
  // symmetric, so d/dU = 2 c sign(P) U; through u_i = x_i / |x_i|,
  // d/dx_i = (g_i - (g_i . u_i) u_i) / |x_i|, or g_i * 1e7 where the norm was clamped.
  void add_gradient(nnplug::ConstArrayMap values, nnplug::ShapeView shape, nnplug::ArrayMap gradient,
                    float scale) const override {
    const UnitVectors vectors = normalize_rows(vectors_of(values, shape));
    const Eigen::Index n = vectors.unit.rows();
    if (n < 2) return;
    const double c = factor_ * 0.5 / pairs(n);
    const DoubleMatrix by_unit = 2.0 * c * off_diagonal_cosines(vectors).cwiseSign() * vectors.unit;
    DoubleMatrix by_vector = by_unit;
    for (Eigen::Index i = 0; i < n; ++i)
      if (vectors.inverse_norm(i) < largest_inverse_norm)
        by_vector.row(i) -= by_unit.row(i).dot(vectors.unit.row(i)) * vectors.unit.row(i);
    by_vector = vectors.inverse_norm.asDiagonal() * by_vector;
    auto target = nnplug::as_matrix(gradient, shape);
    if (columns_)
      target += (double(scale) * by_vector.transpose()).cast<float>();
    else
      target += (double(scale) * by_vector).cast<float>();
  }

 private:
  // The rows of a (rows, cols) matrix, or its columns as rows.
  DoubleMatrix vectors_of(nnplug::ConstArrayMap values, nnplug::ShapeView shape) const {
    if (shape.size() != 2)
      throw std::invalid_argument("orthogonal_regularizer needs a rank-2 tensor (a Dense kernel); got shape " +
                                  nnplug::shape_text(shape) + " of rank " + std::to_string(shape.size()));
    const DoubleMatrix matrix = nnplug::as_matrix(values, shape).cast<double>();
    if (columns_) return matrix.transpose();
    return matrix;
  }

  static double pairs(Eigen::Index n) { return double(n) * double(n - 1) / 2.0; }

  double factor_;
  bool columns_;
};

}  // namespace

NNPLUG_PLUGIN(OrthogonalRegularizer, ::nnplug::Kind::regularizer, "orthogonal_regularizer", "OrthogonalRegularizer",
              "1.0.0", "factor * mean |cosine| between the rows (or columns) of a matrix, as Keras",
              R"json({"type": "object", "additionalProperties": false,
  "description": "Rank-2 tensors only (a Dense kernel, or a Dense layer's (batch, units) output); another rank is an error. With fewer than two rows (columns) there is no pair and the penalty is 0 (Keras divides by zero).",
  "properties": {
  "factor": {"type": "number", "default": 0.01, "minimum": 0,
             "description": "the penalty is factor * 0.5 * sum over i != j of |cos(v_i, v_j)| / (n (n - 1) / 2)"},
  "mode": {"type": "string", "default": "rows", "enum": ["rows", "columns"],
           "description": "rows: make the rows orthogonal (of a (inputs, units) kernel: each input's weights); columns: the columns (each unit's weights)"}}})json")
