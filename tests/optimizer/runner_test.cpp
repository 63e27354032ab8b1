// The optimizer runner's options, errors, and saving and restoring its state.
#include "optimizer/runner_test_support.hpp"
#include "registry/registry_test_support.hpp"

#include <catch2/catch.hpp>

using namespace nnplug;
using namespace nnplug::registry_testing;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const Registry& fixtures() {
  static const Registry registry({fs::path(NNPLUG_TEST_FIXTURE_DIR)});
  return registry;
}

OptimizerRunner runner_for(const Json& spec) { return OptimizerRunner::from_config(fixtures(), spec, "/compile/optimizer"); }

std::string config_error(const Json& spec) {
  try {
    runner_for(spec);
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("expected an nnplug::Error for " << spec.dump());
  return {};
}

}  // namespace

TEST_CASE("runner reads the learning rate from the user, from lr, or from the plugin's schema default", "[runner]") {
  CHECK(runner_for("fixture_sgd").learning_rate() == double(0.01f));
  CHECK(runner_for(Json{{"name", "fixture_sgd"}, {"learning_rate", 0.001}}).learning_rate() == double(0.001f));
  CHECK(runner_for(Json{{"name", "FixtureSGD"}, {"lr", 0.5}}).learning_rate() == 0.5);
  CHECK(runner_for(Json{{"name", "fixture_sgd"}, {"learning_rate", 2}}).learning_rate() == 2.0);  // Keras 2 allowed ints
  CHECK(runner_for("fixture_sgd").name() == "fixture_sgd");
}

TEST_CASE("runner accepts Keras's own serialisation of an optimizer, nulls included", "[runner]") {
  const Json keras = Json::parse(R"({"module": "keras.optimizers", "class_name": "FixtureSGD", "registered_name": null,
    "config": {"name": "fixture_sgd", "learning_rate": 0.05000000074505806, "weight_decay": null, "clipnorm": null,
               "global_clipnorm": null, "clipvalue": 0.5, "use_ema": false, "ema_momentum": 0.99,
               "ema_overwrite_frequency": null, "loss_scale_factor": null, "gradient_accumulation_steps": null}})");
  const auto runner = runner_for(keras);
  CHECK(runner.learning_rate() == double(0.05f));
  CHECK(runner.options().clipvalue == 0.5);
  CHECK_FALSE(runner.options().clipnorm);
  CHECK_FALSE(runner.options().weight_decay);
}

TEST_CASE("runner refuses contradictory or unsupported base options with the place in the config", "[runner]") {
  CHECK(config_error(Json{{"name", "fixture_sgd"}, {"lr", 0.1}, {"learning_rate", 0.1}}) ==
        "/compile/optimizer/lr: given together with learning_rate (expected only one of learning_rate and its Keras 2 "
        "spelling lr, got 0.1 (number)); keep learning_rate");
  CHECK(config_error(Json{{"name", "fixture_sgd"}, {"clipnorm", 1.0}, {"clipvalue", 0.5}}) ==
        "/compile/optimizer: more than one gradient clipping option (expected at most one of clipnorm, global_clipnorm "
        "and clipvalue, as in Keras, got {\"clipnorm\":1.0,\"clipvalue\":0.5} (object)); keep one");
  CHECK_THAT(config_error(Json{{"name", "fixture_sgd"}, {"global_clipnorm", 1.0}, {"clipnorm", 2.0}}),
             Contains("expected at most one of"));
  CHECK(config_error(Json{{"name", "fixture_sgd"}, {"loss_scale_factor", 128}}) ==
        "/compile/optimizer/loss_scale_factor: not supported by nnplug (expected null or no key, got 128 (integer))");
  CHECK_THAT(config_error(Json{{"name", "fixture_sgd"}, {"gradient_accumulation_steps", 4}}), Contains("not supported"));
  CHECK_THAT(config_error(Json{{"name", "fixture_sgd"}, {"decay", -0.1}}),
             StartsWith("/compile/optimizer/decay: fixture_sgd: out of range (expected a number or null >= 0, got -0.1"));
  CHECK_THAT(config_error(Json{{"name", "fixture_sgd"}, {"clipnorm", 0}}), StartsWith("/compile/optimizer/clipnorm: fixture_sgd: out of range"));
  CHECK_THAT(config_error(Json{{"name", "fixture_sgd"}, {"ema_momentum", 1.5}}), StartsWith("/compile/optimizer/ema_momentum: fixture_sgd: out of range"));
  CHECK_THAT(config_error(Json{{"name", "fixture_sgd"}, {"lr", 0}}), StartsWith("/compile/optimizer/learning_rate: fixture_sgd: out of range"));
  CHECK_THAT(config_error(Json{{"name", "fixture_sgd"}, {"momentum", 0.9}}),
             StartsWith("/compile/optimizer/momentum: fixture_sgd: unknown parameter (expected one of ") &&
                 Contains("; or an option the core applies to every optimizer: clipnorm, clipvalue, decay, "));
  CHECK_THAT(config_error(Json{{"name", "fixture_sgd"}, {"clip_norm", 1.0}}),
             StartsWith("/compile/optimizer/clip_norm: fixture_sgd: unknown parameter") && Contains("did you mean 'clipnorm'"));
  CHECK_THAT(config_error("fixture_sdg"), Contains("Did you mean 'fixture_sgd'?"));
  CHECK_THAT(config_error(Json{{"name", "fixture_sgd"}, {"fail_in", "create"}}), Contains("refusing to be created"));
}

TEST_CASE("runner applies Keras 2 decay from the updates already made", "[runner]") {
  auto runner = runner_for(Json{{"name", "fixture_sgd"}, {"learning_rate", 0.1}, {"decay", 0.5}});
  const Json reference = load_runner_reference();
  Problem problem(reference);
  CHECK(runner.step_learning_rate() == 0.1f);
  problem.train(runner, 2);
  CHECK(runner.step_learning_rate() == Approx(0.1 / (1 + 0.5 * 2)));
  CHECK(runner.learning_rate() == double(0.1f));  // the base rate schedulers see is untouched
  runner.set_learning_rate(0.2);
  CHECK(runner.step_learning_rate() == Approx(0.2 / 2.0));
  CHECK_THROWS_AS(runner.set_learning_rate(-1.0), Error);
  CHECK_THROWS_AS(runner.set_learning_rate(std::nan("")), Error);
}

TEST_CASE("runner keeps slots and globals per parameter and wraps plugin failures", "[runner]") {
  auto runner = runner_for("fixture_sgd");
  const Json reference = load_runner_reference();
  Problem problem(reference);
  problem.train(runner, 3);
  CHECK(runner.iterations() == 3);
  CHECK(runner.state()["globals"]["steps"] == 3.0);  // begin_step runs once per step, not per parameter
  const auto slots = runner.slot_arrays();
  REQUIRE(slots.size() == 4);
  CHECK(slots[0].name == "dense/kernel/calls");
  CHECK(slots[0].shape == Shape{3, 2});
  CHECK(slots[0].data == std::vector<float>(6, 3.0f));
  CHECK(slots[1].name == "dense/kernel/offset");
  CHECK(slots[1].data == std::vector<float>(6, 1.5f));  // the slot's declared initial value, untouched
  CHECK(slots[3].name == "dense/bias/offset");
  CHECK(slots[3].shape == Shape{2});

  auto failing = runner_for(Json{{"name", "fixture_sgd"}, {"fail_in", "update"}});
  problem.backward();
  try {
    failing.apply(problem.parameters);
    FAIL("update should have thrown");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "optimizer 'fixture_sgd' (" + fixture("fixture_sgd").string() +
                                    ") failed: cannot update (fail_in = update)");
  }
  CHECK(failing.iterations() == 0);
}

TEST_CASE("runner state and slots saved after some steps resume to the same weights", "[runner]") {
  const Json reference = load_runner_reference();
  const Json spec{{"name", "fixture_sgd"}, {"learning_rate", 0.1}, {"decay", 0.3}, {"use_ema", true}};
  Problem straight(reference);
  auto uninterrupted = runner_for(spec);
  straight.train(uninterrupted, 5);

  Problem resumed(reference);
  Json state;
  std::vector<NamedArray> slots;
  {
    auto first = runner_for(spec);
    resumed.train(first, 3);
    state = first.state();
    slots = first.slot_arrays();
  }
  CHECK(state["optimizer"] == "fixture_sgd");
  CHECK(state["iterations"] == 3);
  CHECK(slots.size() == 6);  // calls, offset and average for two parameters

  auto second = runner_for(spec);
  second.load_state(state);
  second.load_slot_arrays(slots);
  resumed.train(second, 2);
  CHECK(resumed.kernel.value == straight.kernel.value);
  CHECK(resumed.bias.value == straight.bias.value);
  CHECK(second.state() == uninterrupted.state());
  const auto a = second.slot_arrays(), b = uninterrupted.slot_arrays();
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].name == b[i].name);
    CHECK(a[i].data == b[i].data);
  }
}

TEST_CASE("runner refuses state that does not belong to it", "[runner]") {
  auto runner = runner_for("fixture_sgd");
  CHECK_THROWS_WITH(runner.load_state(Json{{"optimizer", "adam"}, {"iterations", 1}, {"learning_rate", 0.1}}),
                    StartsWith("optimizer state: was saved by optimizer \"adam\", not 'fixture_sgd'"));
  CHECK_THROWS_WITH(runner.load_state(Json{{"optimizer", "fixture_sgd"}, {"iterations", -1}, {"learning_rate", 0.1}}),
                    Contains("'iterations' must be an integer >= 0"));
  CHECK_THROWS_WITH(runner.load_state(Json{{"optimizer", "fixture_sgd"}, {"iterations", 1}, {"learning_rate", 0.1}}),
                    Contains("global 'steps' is missing"));
  const Json reference = load_runner_reference();
  Problem problem(reference);
  problem.backward();
  // Slots depend on each parameter's shape (SDK 3), so loaded arrays are checked when they
  // meet the model's parameters, at the next apply.
  std::vector<NamedArray> foreign;
  for (const auto& [parameter, size] : {std::pair<const char*, std::size_t>{"dense/kernel", 6}, {"dense/bias", 2}})
    for (const char* slot : {"calls", "offset"})
      foreign.push_back({std::string(parameter) + "/" + slot, {size}, std::vector<float>(size)});
  foreign.push_back({"dense/kernel/velocity", {3, 2}, std::vector<float>(6)});
  runner.load_slot_arrays(foreign);
  CHECK_THROWS_WITH(runner.apply(problem.parameters),
                    Contains("'dense/kernel/velocity' is not a slot of optimizer 'fixture_sgd'"));
  runner.load_slot_arrays({{"dense/kernel/calls", {2, 2}, std::vector<float>(4)}});
  CHECK_THROWS_WITH(runner.apply(problem.parameters), Contains("'dense/kernel/calls' is missing or has 4 values where the "
                                                               "slot has 6"));
  runner.load_slot_arrays({{"dense/other/calls", {2}, std::vector<float>(2)}, {"dense/other/offset", {2}, std::vector<float>(2)}});
  CHECK_THROWS_WITH(runner.apply(problem.parameters), Contains("has slots for 'dense/other', which this model does not have"));
}
