// Adafactor (Shazeer & Stern 2018), as Keras 3's Adafactor. No first moment; for a tensor
// of rank >= 2 the second moment of each matrix over the last two axes is factored into
// row statistics r and column statistics c, so it needs rows + columns floats, not rows x columns.
//   rho = min(lr, 1 / sqrt(t));  alpha = max(epsilon_2, RMS(w)) rho
//   G = g^2 + epsilon_1;  beta = 1 - t^beta_2_decay
//   rank >= 2: r = beta r + (1 - beta) mean(G, -1);  c = beta c + (1 - beta) mean(G, -2)
//              v_ij = r_i / mean(r) * c_j
//   rank < 2:  velocity = beta velocity + (1 - beta) G;  v = velocity
//   u = g / sqrt(v);  w -= alpha u / max(1, RMS(u) / clip_threshold)
// RMS is over the whole tensor.
#include "../optimizer_parts.hpp"

namespace {

using GradientGrid = Eigen::Map<const Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;

// The tensor as `batches` matrices of the last two axes.
struct Factoring {
  explicit Factoring(nnplug::ShapeView shape)
      : rows(Eigen::Index(shape[shape.size() - 2])),
        cols(Eigen::Index(shape.back())),
        batches(Eigen::Index(nnplug::element_count(shape.first(shape.size() - 2)))) {}
  Eigen::Index rows, cols, batches;
};

class Adafactor final : public nnplug::Optimizer {
 public:
  explicit Adafactor(const nnplug::Params& params)
      : beta_2_decay_(params.number("beta_2_decay")),
        epsilon_1_(static_cast<float>(params.number("epsilon_1"))),
        epsilon_2_(params.number("epsilon_2")),
        clip_threshold_(params.number("clip_threshold")),
        relative_step_(params.boolean("relative_step")) {}

  // r: shape[:-1], c: shape[:-2] + [shape[-1]], as Keras; rank < 2 keeps the full velocity
  // (Keras's scalar r and c placeholders there hold nothing). Keras also keeps a full-size
  // velocity for factored tensors, but overwrites it from r and c every step, so it is no
  // state: here it is recomputed where it is used.
  std::vector<nnplug::Slot> slots(nnplug::ShapeView shape) const override {
    if (shape.size() < 2) return {{"velocity"}};
    nnplug::Shape r(shape.begin(), shape.end() - 1);
    nnplug::Shape c(shape.begin(), shape.end() - 2);
    c.push_back(shape.back());
    return {{"r", 0.0f, r}, {"c", 0.0f, c}};
  }

  // Row and column means, and RMS over the whole tensor.
  bool elementwise() const override { return false; }

  void update(nnplug::ArrayMap w, nnplug::ConstArrayMap g, std::span<nnplug::ArrayMap> slots,
              const nnplug::StepContext& step, const nnplug::Variable& variable) const override {
    const double t = static_cast<double>(step.iteration);
    double lr = step.learning_rate;
    // Keras's relative step; its rho caps lr at 1 / sqrt(t) again, so in Keras 3 the
    // result is the same either way. Kept to read as Keras does.
    if (relative_step_ && !step.learning_rate_scheduled) lr = std::min(lr, 1.0 / std::sqrt(t));
    const double rho = std::min(lr, 1.0 / std::sqrt(t));
    const float alpha = static_cast<float>(std::max(epsilon_2_, rms(w)) * rho);
    const float beta = static_cast<float>(1.0 - std::pow(t, beta_2_decay_));

    if (variable.shape.size() < 2) {
      nnplug::ArrayMap& velocity = slots[0];
      velocity = beta * velocity + (1.0f - beta) * (g.square() + epsilon_1_);
      return descend(w, alpha, [&](auto&& visit) {
        for (Eigen::Index i = 0; i < g.size(); ++i) visit(i, g[i] / std::sqrt(velocity[i]));
      });
    }

    const Factoring shape(variable.shape);
    nnplug::ArrayMap& r = slots[0];
    nnplug::ArrayMap& c = slots[1];
    for (Eigen::Index b = 0; b < shape.batches; ++b) {
      const GradientGrid gb(g.data() + b * shape.rows * shape.cols, shape.rows, shape.cols);
      auto rb = r.segment(b * shape.rows, shape.rows);
      auto cb = c.segment(b * shape.cols, shape.cols);
      rb = beta * rb + (1.0f - beta) * (gb.square() + epsilon_1_).rowwise().mean();
      cb = beta * cb + (1.0f - beta) * (gb.square() + epsilon_1_).colwise().mean().transpose();
    }
    descend(w, alpha, [&](auto&& visit) {
      for (Eigen::Index b = 0; b < shape.batches; ++b) {
        const auto rb = r.segment(b * shape.rows, shape.rows);
        const auto cb = c.segment(b * shape.cols, shape.cols);
        const double r_mean = rb.cast<double>().mean();
        for (Eigen::Index i = 0; i < shape.rows; ++i) {
          const double row_scale = rb[i] / r_mean;
          const Eigen::Index first = (b * shape.rows + i) * shape.cols;
          // v_ij = r_i / mean(r) * c_j, in double: a row and a column without gradient give
          // 1e-30 * 1e-30, which is 0 in float (Keras's float32 formula then divides 0 by 0).
          for (Eigen::Index j = 0; j < shape.cols; ++j)
            visit(first + j, static_cast<float>(g[first + j] / std::sqrt(row_scale * cb[j])));
        }
      }
    });
  }

 private:
  static double rms(const nnplug::ArrayMap& x) { return std::sqrt(x.cast<double>().square().mean()); }

  // for_each_u(visit) calls visit(i, u_i) for every element; it runs twice (RMS(u), then
  // the step), recomputing u instead of storing it.
  template <class ForEachU>
  void descend(nnplug::ArrayMap w, float alpha, const ForEachU& for_each_u) const {
    double squares = 0.0;
    for_each_u([&](Eigen::Index, float u) { squares += double(u) * u; });
    const double rms_u = std::sqrt(squares / double(w.size()));
    const float step_size = static_cast<float>(alpha / std::max(1.0, rms_u / clip_threshold_));
    for_each_u([&](Eigen::Index i, float u) { w[i] -= step_size * u; });
  }

  double beta_2_decay_;
  float epsilon_1_;
  double epsilon_2_;
  double clip_threshold_;
  bool relative_step_;
};

}  // namespace

NNPLUG_PLUGIN(Adafactor, ::nnplug::Kind::optimizer, "adafactor", "Adafactor", "1.0.0",
              "second moments factored into row and column statistics, relative step sizes (Keras Adafactor)",
              R"json({"type": "object", "additionalProperties": false, "properties": {)json"
              NNPLUG_LEARNING_RATE_SCHEMA(0.001) R"json(,
  "beta_2_decay": {"type": "number", "default": -0.8, "maximum": 0,
                   "description": "the second-moment decay rate at step t is 1 - t^beta_2_decay"},
  "epsilon_1": {"type": "number", "default": 1e-30, "minimum": 0,
                "description": "added to g^2 before it enters the second-moment statistics"},
  "epsilon_2": {"type": "number", "default": 1e-3, "minimum": 0,
                "description": "lower bound of RMS(w) in the step size, so zero-initialised weights still move"},
  "clip_threshold": {"type": "number", "default": 1.0, "exclusiveMinimum": 0,
                     "description": "the update u is scaled down to RMS(u) <= clip_threshold"},
  "relative_step": {"type": "boolean", "default": true,
    "description": "cap a constant learning rate at 1 / sqrt(t) (Keras 3's rho_t caps it anyway)"}}})json")
