// Rules every plugin the registry finds must follow, so a plugin added later is checked
// without anyone writing a test for it: a version, a documented schema with defaults (or
// examples), creation with them, a clear error for a wrongly typed parameter, and the
// plugin-side rules of each interface's contract (sdk/include/nnplug/sdk/*.hpp).
#include "plugins/plugin_testing.hpp"

#include <nnplug/config/json_schema.hpp>
#include <nnplug/sdk/params.hpp>

#include <nnplug/optimizer/optimizer_runner.hpp>

#include <cmath>
#include <optional>

namespace {

using nnplug::Json;
using nnplug::Kind;

bool is_required(const Json& schema, const std::string& key) {
  if (!schema.contains("required")) return false;
  for (const auto& name : schema["required"]) if (name == key) return true;
  return false;
}

// A JSON value of none of the types the property accepts, or nothing if it accepts all.
std::optional<Json> wrongly_typed(const Json& property) {
  const auto accepted = nnplug::schema_types(property);
  if (accepted.empty()) return std::nullopt;
  const Json type_only{{"type", accepted}};
  for (const Json& candidate : {Json("not a valid value"), Json(true), Json::array({1, 2}), Json{{"x", 1}}})
    if (!nnplug::validate(type_only, candidate, "test").empty()) return candidate;
  return std::nullopt;
}

// Whether the registry made a plugin object; problems surface as exceptions.
bool create(Kind kind, const std::string& name, const Json& params) {
  return !nnplug::testing::create_by_kind(nnplug::testing::built_plugins(), kind, name, params).empty();
}

}  // namespace

TEST_CASE("the built-in plugins are all found", "[plugins]") {
  const auto& registry = nnplug::testing::built_plugins();
  for (const auto& [kind, name] : std::vector<std::pair<Kind, std::string>>{
           {Kind::optimizer, "sgd"}, {Kind::optimizer, "adam"}, {Kind::initializer, "glorot_uniform"},
           {Kind::initializer, "zeros"}, {Kind::regularizer, "l1"}, {Kind::regularizer, "l2"},
           {Kind::regularizer, "l1_l2"}, {Kind::schedule, "exponential_decay"}}) {
    INFO(name);
    CHECK(registry.lookup(kind, name) != nullptr);
  }
}

TEST_CASE("Keras spellings find the built-in plugins", "[plugins]") {
  const auto& registry = nnplug::testing::built_plugins();
  for (const auto& [kind, alias, name] : std::vector<std::tuple<Kind, std::string, std::string>>{
           {Kind::optimizer, "SGD", "sgd"}, {Kind::optimizer, "Adam", "adam"},
           {Kind::initializer, "GlorotUniform", "glorot_uniform"}, {Kind::initializer, "zero", "zeros"},
           {Kind::initializer, "Zeros", "zeros"}, {Kind::regularizer, "L1", "l1"}, {Kind::regularizer, "L2", "l2"},
           {Kind::regularizer, "l1l2", "l1_l2"}, {Kind::regularizer, "L1L2", "l1_l2"},
           {Kind::schedule, "ExponentialDecay", "exponential_decay"}}) {
    INFO(alias);
    const auto* info = registry.lookup(kind, alias);
    REQUIRE(info != nullptr);
    CHECK(info->name == name);
  }
}

TEST_CASE("every plugin documents its parameters and starts with its defaults", "[plugins]") {
  const auto& plugins = nnplug::testing::built_plugins().plugins();
  REQUIRE(plugins.size() >= 8);
  for (const auto& plugin : plugins) {
    INFO(nnplug::kind_name(plugin.kind) << " '" << plugin.name << "' from " << plugin.file);
    CHECK_FALSE(plugin.summary.empty());
    CHECK_FALSE(plugin.version.empty());
    REQUIRE(plugin.schema.is_object());
    CHECK(plugin.schema.value("type", "") == "object");
    REQUIRE(plugin.schema.contains("properties"));
    REQUIRE(plugin.schema["properties"].is_object());
    for (const auto& [key, property] : plugin.schema["properties"].items()) {
      INFO("parameter '" << key << "'");
      CHECK(property.contains("description"));
      CHECK(property.value("description", Json()).is_string());
      const bool required = is_required(plugin.schema, key);
      CHECK((property.contains("default") || required));
    }
    CHECK(create(plugin.kind, plugin.name, nnplug::testing::example_params(plugin)));
    if (plugin.schema.contains("examples"))
      for (const auto& example : plugin.schema["examples"]) CHECK(create(plugin.kind, plugin.name, example));
  }
}

TEST_CASE("a wrongly typed parameter is an error naming the plugin and the key", "[plugins]") {
  for (const auto& plugin : nnplug::testing::built_plugins().plugins()) {
    for (const auto& [key, property] : plugin.schema["properties"].items()) {
      const auto wrong = wrongly_typed(property);
      if (!wrong) continue;
      INFO(plugin.name << "." << key << " = " << wrong->dump());
      try {
        Json params = nnplug::testing::example_params(plugin);
        params[key] = *wrong;
        create(plugin.kind, plugin.name, params);
        FAIL("no error for a wrongly typed value");
      } catch (const nnplug::Error& e) {
        const std::string message = e.what();
        INFO(message);
        CHECK(message.find(plugin.name) != std::string::npos);
        CHECK(message.find("'" + key + "'") != std::string::npos);
      }
    }
  }
}

namespace {

const nnplug::Shape kernel_shape{7, 5}, bias_shape{5};

}  // namespace

TEST_CASE("optimizers declare the same slots for the same shape, sized to fit", "[plugins][contract]") {
  const auto& registry = nnplug::testing::built_plugins();
  for (const auto& plugin : registry.plugins()) {
    if (plugin.kind != Kind::optimizer) continue;
    INFO(plugin.name);
    const auto optimizer = registry.create<nnplug::Optimizer>(plugin.name, nnplug::testing::example_params(plugin));
    for (const auto& shape : {kernel_shape, bias_shape}) {
      const auto first = optimizer.slots(shape), again = optimizer.slots(shape);
      REQUIRE(first.size() == again.size());
      for (std::size_t i = 0; i < first.size(); ++i) {
        CHECK(first[i].name == again[i].name);
        CHECK(first[i].shape == again[i].shape);
        CHECK(first[i].initial == again[i].initial);
        CHECK_FALSE(first[i].name.empty());
        if (optimizer.elementwise()) CHECK((!first[i].shape || *first[i].shape == shape));
      }
    }
    CHECK(optimizer.globals().size() == optimizer.globals().size());
  }
}

TEST_CASE("optimizers keep weights finite on a fixed problem with zero and sign-changing gradients",
          "[plugins][contract]") {
  const auto& registry = nnplug::testing::built_plugins();
  for (const auto& plugin : registry.plugins()) {
    if (plugin.kind != Kind::optimizer) continue;
    INFO(plugin.name);
    Json spec = nnplug::testing::example_params(plugin);
    spec["name"] = plugin.name;
    auto runner = nnplug::OptimizerRunner::from_config(registry, spec, "test");
    nnplug::Parameter kernel{"dense/kernel", kernel_shape, nnplug::Matrix::Constant(7, 5, 0.3f), nnplug::Matrix(7, 5), {}};
    nnplug::Parameter bias{"dense/bias", bias_shape, nnplug::Matrix::Zero(1, 5), nnplug::Matrix(1, 5), {}};
    nnplug::Parameter* const parameters[] = {&kernel, &bias};
    for (int step = 0; step < 30; ++step) {
      for (Eigen::Index i = 0; i < kernel.gradient.size(); ++i)
        kernel.gradient.data()[i] = i % 3 == 0 ? 0.0f : float(std::cos(0.9 * step + double(i))) * kernel.value.data()[i];
      bias.gradient.setConstant(step % 2 == 0 ? 1.0f : -1.0f);
      runner.apply(parameters);
    }
    CHECK(kernel.value.allFinite());
    CHECK(bias.value.allFinite());
  }
}

TEST_CASE("schedules are pure, finite and non-negative", "[plugins][contract]") {
  const auto& registry = nnplug::testing::built_plugins();
  for (const auto& plugin : registry.plugins()) {
    if (plugin.kind != Kind::schedule) continue;
    INFO(plugin.name);
    const auto schedule = registry.create<nnplug::Schedule>(plugin.name, nnplug::testing::example_params(plugin));
    for (const std::int64_t step : {0, 1, 2, 7, 100, 1000, 123456, 100000000}) {
      INFO("step " << step);
      const double rate = schedule.learning_rate(step);
      CHECK(std::isfinite(rate));
      CHECK(rate >= 0.0);
      CHECK(schedule.learning_rate(step) == rate);
    }
  }
}

TEST_CASE("initializers write every value and a seeded one repeats itself", "[plugins][contract]") {
  const auto& registry = nnplug::testing::built_plugins();
  for (const auto& plugin : registry.plugins()) {
    if (plugin.kind != Kind::initializer) continue;
    INFO(plugin.name);
    Json params = nnplug::testing::example_params(plugin);
    const bool seeded = plugin.schema["properties"].contains("seed");
    if (seeded) params["seed"] = 5;
    const auto initializer = registry.create<nnplug::Initializer>(plugin.name, params);
    nnplug::Rng rng(3);
    std::vector<float> first(35, std::nanf("")), second(35, std::nanf(""));
    initializer.fill(nnplug::ArrayMap(first.data(), 35), kernel_shape, rng);
    initializer.fill(nnplug::ArrayMap(second.data(), 35), kernel_shape, rng);
    for (float v : first) CHECK(std::isfinite(v));
    if (seeded) CHECK(first == second);
  }
}

TEST_CASE("regularizers add their gradient to what is there", "[plugins][contract]") {
  const auto& registry = nnplug::testing::built_plugins();
  for (const auto& plugin : registry.plugins()) {
    if (plugin.kind != Kind::regularizer) continue;
    INFO(plugin.name);
    const auto regularizer = registry.create<nnplug::Regularizer>(plugin.name, nnplug::testing::example_params(plugin));
    std::vector<float> values(35);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = float(std::sin(double(i) + 0.5));
    std::vector<float> from_zero(35, 0.0f), from_one(35, 1.0f);
    const nnplug::ConstArrayMap x(values.data(), 35);
    regularizer.add_gradient(x, kernel_shape, nnplug::ArrayMap(from_zero.data(), 35), 0.5f);
    regularizer.add_gradient(x, kernel_shape, nnplug::ArrayMap(from_one.data(), 35), 0.5f);
    for (std::size_t i = 0; i < values.size(); ++i) CHECK(from_one[i] == Approx(1.0f + from_zero[i]));
    CHECK(std::isfinite(regularizer.penalty(x, kernel_shape)));
    CHECK(regularizer.penalty(x, kernel_shape) >= 0.0);
  }
}
