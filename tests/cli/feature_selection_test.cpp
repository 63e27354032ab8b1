// Feature selection with an L1 kernel penalty, through `nnplug train` and the example in
// examples/feature_selection/: of 100 features only 5 decide the label, and L1 drives the
// first kernel's rows (one per input feature) of the other 95 to zero.
#include "cli/csv_rows.hpp"
#include "support/cli.hpp"

#include <nnplug/io/numpy/npz.hpp>
#include <nnplug/sdk/tensor.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <numeric>

using namespace nnplug;
using namespace nnplug::test;

namespace {

constexpr std::size_t feature_count = 100;
// The recipe of examples/feature_selection/make_data.py: label = 1 when
// x3 - x17 + x42 - x68 + x91 > 0, every feature standard normal.
const std::vector<std::pair<std::size_t, double>> informative{{3, 1.0}, {17, -1.0}, {42, 1.0}, {68, -1.0}, {91, 1.0}};

bool is_informative(std::size_t feature) {
  return std::any_of(informative.begin(), informative.end(), [&](const auto& entry) { return entry.first == feature; });
}

void write_features_csv(const std::filesystem::path& path, std::size_t samples, std::uint64_t seed) {
  Rng rng(seed);
  std::string text;
  for (std::size_t j = 0; j < feature_count; ++j) text.append("x").append(std::to_string(j)).append(",");
  text += "label\n";
  std::vector<double> x(feature_count);
  char number[32];
  for (std::size_t i = 0; i < samples; ++i) {
    double score = 0.0;
    for (std::size_t j = 0; j < feature_count; ++j) {
      x[j] = rng.normal();
      std::snprintf(number, sizeof number, "%.5f,", x[j]);
      text += number;
    }
    for (const auto& [feature, sign] : informative) score += sign * x[feature];
    text += score > 0 ? "1\n" : "0\n";
  }
  write_file(path, text);
}

Json example_config() {
  std::ifstream in(std::string(NNPLUG_SOURCE_DIR) + "/examples/feature_selection/config.json");
  REQUIRE(in.good());
  return Json::parse(in);
}

struct Selection {
  std::vector<double> row_norms;         // one per input feature
  std::size_t zero_noise_rows = 0;       // noise features whose every weight has |w| < 1e-3
  double largest_noise_norm = 0.0;
  double smallest_informative_norm = 1e30;
  double median_noise_norm = 0.0;
  double kernel_l2 = 0.0;
  std::vector<std::size_t> top5;         // features with the largest row norms
  double val_accuracy = 0.0;
  CsvRows weight_stats;
};

Selection train_variant(const TempDir& dir, const std::string& variant, const Json& regularizer) {
  Json config = example_config();
  config["output"]["dir"] = "out_" + variant;
  if (regularizer.is_null())
    config["model"]["layers"][0].erase("kernel_regularizer");
  else
    config["model"]["layers"][0]["kernel_regularizer"] = regularizer;
  write_file(dir / (variant + ".json"), config.dump(2));
  const CliResult result = run_nnplug({"train", variant + ".json", "--quiet"}, dir.path());
  INFO(variant << ": " << result.out << result.err);
  REQUIRE(result.exit_code == 0);

  const std::filesystem::path out = dir / ("out_" + variant);
  const auto weights = read_npz(out / "weights.npz");
  const NamedArray& kernel = array_named(weights, "dense/kernel");
  REQUIRE(kernel.shape == Shape{feature_count, 16});
  Selection s;
  std::vector<double> noise_norms;
  for (std::size_t feature = 0; feature < feature_count; ++feature) {
    const double norm = row_norm(kernel, feature);
    s.row_norms.push_back(norm);
    if (is_informative(feature)) {
      s.smallest_informative_norm = std::min(s.smallest_informative_norm, norm);
      continue;
    }
    noise_norms.push_back(norm);
    s.largest_noise_norm = std::max(s.largest_noise_norm, norm);
    const auto row = kernel.data.begin() + std::ptrdiff_t(feature * 16);
    s.zero_noise_rows += std::all_of(row, row + 16, [](float w) { return std::abs(w) < 1e-3f; });
  }
  std::sort(noise_norms.begin(), noise_norms.end());
  s.median_noise_norm = noise_norms[noise_norms.size() / 2];
  s.kernel_l2 = std::sqrt(sum_squares(kernel));
  std::vector<std::size_t> order(feature_count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return s.row_norms[a] > s.row_norms[b]; });
  s.top5.assign(order.begin(), order.begin() + 5);
  std::sort(s.top5.begin(), s.top5.end());
  const CsvRows history = parse_csv(read_file(out / "history.csv"));
  s.val_accuracy = history.number(history.rows.size() - 1, "val_accuracy");
  s.weight_stats = parse_csv(read_file(out / "weight_stats.csv"));
  return s;
}

}  // namespace

TEST_CASE("an L1 kernel penalty selects the 5 informative of 100 features", "[cli][regularization][e2e]") {
  TempDir dir;
  write_features_csv(dir / "features.csv", 3000, 1);
  const Selection l1 = train_variant(dir, "l1", example_config()["model"]["layers"][0]["kernel_regularizer"]);
  const Selection none = train_variant(dir, "none", Json());
  const Selection l2 = train_variant(dir, "l2", Json{{"name", "l2"}, {"l2", 0.01}});
  INFO("rows of the 95 noise features with all |w| < 1e-3: l1 " << l1.zero_noise_rows << ", none "
       << none.zero_noise_rows << ", l2 " << l2.zero_noise_rows);
  INFO("largest noise row norm: l1 " << l1.largest_noise_norm << ", none " << none.largest_noise_norm
       << "; median: l1 " << l1.median_noise_norm << ", none " << none.median_noise_norm);
  INFO("smallest informative row norm: l1 " << l1.smallest_informative_norm << ", none "
       << none.smallest_informative_norm);
  INFO("kernel L2 norm: none " << none.kernel_l2 << ", l2 " << l2.kernel_l2 << ", l1 " << l1.kernel_l2);
  INFO("val_accuracy: l1 " << l1.val_accuracy << ", none " << none.val_accuracy << ", l2 " << l2.val_accuracy);

  // L1: most noise rows are exactly pruned, every one is far below the informative rows,
  // and the model still learns the rule.
  CHECK(l1.top5 == std::vector<std::size_t>{3, 17, 42, 68, 91});
  CHECK(l1.zero_noise_rows >= 60);
  CHECK(l1.largest_noise_norm < 0.1 * l1.smallest_informative_norm);
  CHECK(l1.val_accuracy > 0.95);
  // Without L1 the noise rows stay as large as a fair share of the weights.
  CHECK(none.zero_noise_rows == 0);
  CHECK(none.median_noise_norm > 0.2);
  CHECK(none.median_noise_norm > 20.0 * l1.median_noise_norm + 0.1);
  // L2 shrinks the kernel without zeroing rows.
  CHECK(l2.kernel_l2 < 0.5 * none.kernel_l2);

  // weight_stats.csv tells the same story: its last dense row counts the pruned inputs
  // (the 5 informative rows are never all below 1e-3).
  const CsvRows& stats = l1.weight_stats;
  REQUIRE(stats.rows.size() == 2 * 30);
  const std::size_t last_dense = stats.rows.size() - 2;
  CHECK(stats.rows[last_dense].at("layer") == "dense");
  CHECK(stats.number(last_dense, "near_zero_rows") == double(l1.zero_noise_rows));
  CHECK(stats.number(last_dense, "near_zero_fraction") > 0.6);
  CHECK(none.weight_stats.number(last_dense, "near_zero_fraction") < 0.05);
  // Sparsity grows over training under L1.
  CHECK(stats.number(last_dense, "near_zero_fraction") > stats.number(0, "near_zero_fraction"));
}
