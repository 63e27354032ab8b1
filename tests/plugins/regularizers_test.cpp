// l1, l2 and l1_l2 against PyTorch penalties and autograd gradients
// (tools/reference/plugins.py), and against finite differences of their own penalty.
#include "plugins/plugin_testing.hpp"

namespace {

using nnplug::ArrayMap;
using nnplug::ConstArrayMap;
using nnplug::Json;

ConstArrayMap read(const std::vector<float>& x) { return {x.data(), static_cast<Eigen::Index>(x.size())}; }
ArrayMap write(std::vector<float>& x) { return {x.data(), static_cast<Eigen::Index>(x.size())}; }

}  // namespace

TEST_CASE("regularizer penalties and gradients match PyTorch", "[plugins]") {
  const Json reference = nnplug::testing::reference("plugins_regularizers.json");
  const auto x = reference["x"].get<std::vector<float>>();
  for (const auto& reference_case : reference["cases"]) {
    const std::string plugin = reference_case["plugin"];
    INFO(plugin << " " << reference_case["params"].dump());
    const auto regularizer =
        nnplug::testing::built_plugins().create<nnplug::Regularizer>(plugin, reference_case["params"]);
    CHECK(regularizer->penalty(read(x)) == Approx(reference_case["penalty"].get<double>()).epsilon(1e-6));

    std::vector<float> gradient(x.size(), 0.0f);
    regularizer->add_gradient(read(x), write(gradient), 1.0f);
    nnplug::testing::check_close(gradient, reference_case["gradient"].get<std::vector<double>>(), 1e-6, 1e-9,
                                 plugin + " gradient");
  }
}

TEST_CASE("regularizer gradients are added, scaled, and agree with finite differences", "[plugins]") {
  const Json reference = nnplug::testing::reference("plugins_regularizers.json");
  const auto x = reference["x"].get<std::vector<float>>();
  for (const auto& [plugin, params] : std::vector<std::pair<std::string, Json>>{
           {"l1", {{"l1", 0.3}}}, {"l2", {{"l2", 0.25}}}, {"l1_l2", {{"l1", 0.2}, {"l2", 0.05}}}}) {
    INFO(plugin);
    const auto regularizer = nnplug::testing::built_plugins().create<nnplug::Regularizer>(plugin, params);
    std::vector<float> gradient(x.size(), 1.0f);  // add_gradient adds to what is there
    const float scale = 0.25f;
    regularizer->add_gradient(read(x), write(gradient), scale);
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double h = 1e-3;
      // |x| has no derivative at 0 (PyTorch's sign(0) = 0 is checked above): stay clear of it.
      if (std::abs(x[i]) <= 2.0 * h) continue;
      auto plus = x, minus = x;
      plus[i] += float(h);
      minus[i] -= float(h);
      const double step = double(plus[i]) - double(minus[i]);  // the float step actually taken
      const double numeric = (regularizer->penalty(read(plus)) - regularizer->penalty(read(minus))) / step;
      INFO("element " << i);
      CHECK(gradient[i] == Approx(1.0 + scale * numeric).epsilon(1e-4));
    }
  }
}

TEST_CASE("l1_l2 defaults to 0.01 for both factors", "[plugins]") {
  const auto& registry = nnplug::testing::built_plugins();
  const std::vector<float> x{0.5f, -2.0f, 0.0f, 3.0f};
  const double expected = 0.01 * (0.5 + 2.0 + 3.0) + 0.01 * (0.25 + 4.0 + 9.0);
  for (const std::string name : {"l1_l2", "l1l2", "L1L2"}) {
    INFO(name);
    CHECK(registry.create<nnplug::Regularizer>(name)->penalty(read(x)) == Approx(expected).epsilon(1e-12));
  }
  CHECK_THROWS_AS(registry.create<nnplug::Regularizer>("l1", {{"l1", -0.01}}), nnplug::Error);
}
