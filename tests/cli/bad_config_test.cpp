// Bad configs through the real CLI: each gives exit code 2 and one line that starts with the
// JSON pointer of the bad value and says what was expected (and what was found).
#include "support/cli.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

using namespace nnplug;
using namespace nnplug::test;

namespace {

struct BadConfig {
  const char* what;
  std::function<void(Json&)> change;
  std::string pointer;                 // the message starts with it
  std::vector<std::string> fragments;  // the expected value, the received one, suggestions
};

Json& layer(Json& config, std::size_t index) { return config["model"]["layers"][index]; }

// The blobs config with a dropout layer between the two dense layers: layers 0, 1, 2.
Json base_config() {
  Json config = blobs_config("blobs.csv", 4, 3);
  config["fit"]["epochs"] = 1;
  auto& layers = config["model"]["layers"];
  layers.insert(layers.begin() + 1, Json{{"type", "dropout"}, {"rate", 0.1}});
  return config;
}

const std::vector<BadConfig> bad_configs = {
    // Wrong types.
    {"seed as a string", [](Json& c) { c["seed"] = "x"; }, "/seed",
     {"expected an integer in [0, inf]", "got \"x\" (string)"}},
    {"batch_size as a string", [](Json& c) { c["fit"]["batch_size"] = "32"; }, "/fit/batch_size",
     {"expected an integer in [1, 16777216]", "got \"32\" (string)"}},
    {"shuffle as a word", [](Json& c) { c["fit"]["shuffle"] = "yes"; }, "/fit/shuffle",
     {"expected true or false", "got \"yes\" (string)"}},
    {"epochs as a fraction", [](Json& c) { c["fit"]["epochs"] = 1.5; }, "/fit/epochs",
     {"expected an integer in [1, 1000000]", "got 1.5 (number)"}},
    {"weight_stats as a word", [](Json& c) { c["output"]["weight_stats"] = "yes"; }, "/output/weight_stats",
     {"expected true or false", "got \"yes\" (string)"}},
    {"use_bias as a word", [](Json& c) { layer(c, 0)["use_bias"] = "no"; }, "/model/layers/0/use_bias",
     {"dense: wrong type", "expected a boolean", "got \"no\" (string)"}},
    {"learning_rate as a word", [](Json& c) { c["compile"]["optimizer"]["learning_rate"] = "fast"; },
     "/compile/optimizer/learning_rate", {"adam: wrong type", "expected a number", "got \"fast\" (string)"}},
    {"an optimizer as a number", [](Json& c) { c["compile"]["optimizer"] = 5; }, "/compile/optimizer",
     {"expected \"<name>\", {\"name\": \"<name>\"", "got 5 (integer)"}},
    {"a Keras layer's units as a word", [](Json& c) { layer(c, 0) = {{"class_name", "Dense"}, {"config", {{"units", "x"}}}}; },
     "/model/layers/0/config/units", {"dense: wrong type", "expected an integer in [1, 16777216]", "got \"x\" (string)"}},
    {"a Keras regularizer's factor as a word",
     [](Json& c) { layer(c, 0)["kernel_regularizer"] = {{"class_name", "L2"}, {"config", {{"l2", "x"}}}}; },
     "/model/layers/0/kernel_regularizer/config/l2", {"l2: wrong type", "expected a number >= 0", "got \"x\" (string)"}},
    {"an unsupported constraint", [](Json& c) { layer(c, 0)["kernel_constraint"] = "max_norm"; },
     "/model/layers/0/kernel_constraint", {"expected null", "got \"max_norm\" (string)"}},

    // Out-of-range values.
    {"no threads", [](Json& c) { c["threads"] = 0; }, "/threads", {"expected an integer in [1, 1024]", "got 0 (integer)"}},
    {"batch_size 0", [](Json& c) { c["fit"]["batch_size"] = 0; }, "/fit/batch_size",
     {"expected an integer in [1, 16777216]", "got 0 (integer)"}},
    {"initial_epoch past epochs", [](Json& c) { c["fit"]["initial_epoch"] = 5; }, "/fit/initial_epoch",
     {"expected an integer in [0, 0]", "got 5 (integer)"}},
    {"scale 0", [](Json& c) { c["data"]["scale"] = 0; }, "/data/scale", {"expected a number in [1e-30, 1e+30]", "got 0 (integer)"}},
    {"validation_split 1.5", [](Json& c) { c["data"]["validation_split"] = 1.5; }, "/data/validation_split",
     {"expected a number in [0.0, 0.999999]", "got 1.5 (number)"}},
    {"an input extent of 0", [](Json& c) { c["model"]["input_shape"] = {0}; }, "/model/input_shape/0",
     {"expected an integer >= 1", "got 0 (integer)"}},
    {"no layers", [](Json& c) { c["model"]["layers"] = Json::array(); }, "/model/layers",
     {"expected an array with at least 1 item", "got [] (array)"}},
    {"units 0", [](Json& c) { layer(c, 0)["units"] = 0; }, "/model/layers/0/units",
     {"dense: out of range", "expected an integer in [1, 16777216]", "got 0 (integer)"}},
    {"a dropout rate above 1", [](Json& c) { layer(c, 1)["rate"] = 1.5; }, "/model/layers/1/rate",
     {"dropout: out of range", "expected a number in [0, 1]", "got 1.5 (number)"}},
    {"a noise_shape batch extent", [](Json& c) { layer(c, 1)["noise_shape"] = {32, nullptr}; },
     "/model/layers/1/noise_shape/0", {"expected null for a draw per sample or 1", "got 32 (integer)"}},
    {"beta_1 of 1.5", [](Json& c) { c["compile"]["optimizer"]["beta_1"] = 1.5; }, "/compile/optimizer/beta_1",
     {"adam: out of range", "expected a number in [0, 1)", "got 1.5 (number)"}},
    {"a negative clipnorm", [](Json& c) { c["compile"]["optimizer"]["clipnorm"] = -1; }, "/compile/optimizer/clipnorm",
     {"adam: out of range", "expected a number or null > 0", "got -1 (integer)"}},
    {"a negative l2", [](Json& c) { layer(c, 0)["kernel_regularizer"] = {{"name", "l2"}, {"l2", -1}}; },
     "/model/layers/0/kernel_regularizer/l2", {"l2: out of range", "expected a number >= 0", "got -1 (integer)"}},
    {"a schedule's decay_steps 0",
     [](Json& c) {
       c["compile"]["optimizer"]["learning_rate"] = {
           {"name", "exponential_decay"}, {"initial_learning_rate", 0.01}, {"decay_steps", 0}, {"decay_rate", 0.5}};
     },
     "/compile/optimizer/learning_rate/decay_steps", {"exponential_decay: out of range", "expected an integer > 0", "got 0"}},

    // Unknown keys.
    {"a top-level key", [](Json& c) { c["epochs"] = 3; }, "/epochs",
     {"unknown key", "expected one of seed, threads, data, model, compile, fit, output"}},
    {"a misspelled fit key", [](Json& c) { c["fit"]["epoch"] = 3; }, "/fit/epoch",
     {"unknown key", "expected one of epochs, batch_size", "did you mean 'epochs'?"}},
    {"a data source key", [](Json& c) { c["data"]["train"]["file"] = "x.csv"; }, "/data/train/file",
     {"unknown key", "expected one of format, images, labels, path, label"}},
    {"a misspelled layer key", [](Json& c) { layer(c, 0)["unit"] = 3; }, "/model/layers/0/unit",
     {"unknown key", "expected one of activation,", "units", "did you mean 'units'"}},
    {"a key around a Keras layer", [](Json& c) { layer(c, 0) = {{"class_name", "Dense"}, {"config", {{"units", 4}}}, {"foo", 1}}; },
     "/model/layers/0/foo", {"unknown key", "expected one of class_name, config, module, registered_name, build_config"}},
    {"a misspelled plugin parameter", [](Json& c) { layer(c, 0)["kernel_regularizer"] = {{"name", "l2"}, {"l3", 0.1}}; },
     "/model/layers/0/kernel_regularizer/l3", {"l2: unknown parameter", "expected one of l2", "did you mean 'l2'?"}},
    {"a misspelled core optimizer option", [](Json& c) { c["compile"]["optimizer"]["clip_norm"] = 1.0; },
     "/compile/optimizer/clip_norm",
     {"adam: unknown parameter", "expected one of amsgrad, beta_1", "the core applies to every optimizer", "clipnorm, ",
      "did you mean 'clipnorm'"}},

    // Unknown names.
    {"an unknown optimizer", [](Json& c) { c["compile"]["optimizer"] = "adamm"; }, "/compile/optimizer",
     {"no optimizer plugin named 'adamm'", "Did you mean 'adam'"}},
    {"an unknown initializer", [](Json& c) { layer(c, 0)["kernel_initializer"] = "glorot_unifrom"; },
     "/model/layers/0/kernel_initializer", {"no initializer plugin named 'glorot_unifrom'", "'glorot_uniform'"}},
    {"an unknown loss", [](Json& c) { c["compile"]["loss"] = "categorical_crossentropyy"; }, "/compile/loss",
     {"unknown loss 'categorical_crossentropyy'", "did you mean 'categorical_crossentropy'"}},
    {"an unknown activation", [](Json& c) { layer(c, 0)["activation"] = "rellu"; }, "/model/layers/0/activation",
     {"unknown activation 'rellu'", "did you mean 'relu'", "known activations: "}},
    {"an unknown data format", [](Json& c) { c["data"]["train"]["format"] = "xml"; }, "/data/train/format",
     {"'xml'", "idx, csv"}},

    // A misspelled layer type.
    {"a misspelled layer type", [](Json& c) { layer(c, 0)["type"] = "dens"; }, "/model/layers/0/type",
     {"unknown layer type 'dens'", "did you mean 'dense'", "known layer types: dense, dropout"}},
    {"a misspelled Keras class name", [](Json& c) { layer(c, 2) = {{"class_name", "Dens"}, {"config", {{"units", 3}}}}; },
     "/model/layers/2/class_name", {"unknown layer type 'Dens'", "did you mean 'dense'"}},

    // Missing required fields.
    {"no model", [](Json& c) { c.erase("model"); }, "/model", {"missing", "expected a JSON object"}},
    {"no data", [](Json& c) { c.erase("data"); }, "/data", {"missing", "expected a JSON object"}},
    {"no input_shape", [](Json& c) { c["model"].erase("input_shape"); }, "/model/input_shape",
     {"missing", "expected an array with at least 1 item"}},
    {"no layer type", [](Json& c) { layer(c, 0).erase("type"); }, "/model/layers/0/type", {"missing", "expected a string"}},
    {"no units", [](Json& c) { layer(c, 0).erase("units"); }, "/model/layers/0/units",
     {"dense: missing", "expected an integer in [1, 16777216]"}},
    {"no dropout rate", [](Json& c) { layer(c, 1).erase("rate"); }, "/model/layers/1/rate",
     {"dropout: missing", "expected a number in [0, 1]"}},
    {"no csv path", [](Json& c) { c["data"]["train"].erase("path"); }, "/data/train/path", {"missing", "expected a string"}},
    {"no plugin name", [](Json& c) { c["compile"]["optimizer"] = {{"learning_rate", 0.1}}; }, "/compile/optimizer/name",
     {"missing", "expected a plugin name"}},
};

}  // namespace

TEST_CASE("every bad config gives exit code 2 and one line with its JSON pointer and the expected value",
          "[cli][errors][bad_config]") {
  TempDir dir;
  write_blobs_csv(dir / "blobs.csv", 30, 4, 3, 1);
  REQUIRE(bad_configs.size() >= 30);
  {
    write_file(dir / "config.json", base_config().dump(2));
    const auto fine = run_nnplug({"train", "config.json", "--quiet"}, dir.path());
    INFO("the unchanged config must train: " << fine.err);
    REQUIRE(fine.exit_code == 0);
  }
  for (const auto& bad : bad_configs) {
    std::filesystem::remove_all(dir / "out");  // what the good run wrote cannot be the problem
    Json config = base_config();
    bad.change(config);
    write_file(dir / "config.json", config.dump(2));
    const auto result = run_nnplug({"train", "config.json", "--quiet"}, dir.path());
    INFO(bad.what << "\nstderr: " << result.err);
    CHECK(result.exit_code == 2);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK(result.err.rfind("nnplug: error: " + bad.pointer + ": ", 0) == 0);
    for (const auto& fragment : bad.fragments) CHECK(result.err.find(fragment) != std::string::npos);
  }
}
