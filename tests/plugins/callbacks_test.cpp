// The callback plugins driven through Loaded<Callback> with a scripted CallbackContext,
// against tests/data/reference/callbacks.json (tools/reference/callbacks/generate.py: Keras
// 3's ReduceLROnPlateau, EarlyStopping, LearningRateScheduler and CSVLogger transcribed into
// Python, and Python's own str.format for ModelCheckpoint's filepath). No Keras is installed
// here, so the transcription is the reference.
#include "plugins/plugin_testing.hpp"
#include "support/cli.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace {

using nnplug::CallbackContext;
using nnplug::Direction;
using nnplug::Json;

// Plays the host: logs set per hook, a float32 learning rate as the optimizer keeps it,
// "weights" named by the epoch that produced them, and everything printed or saved.
class ScriptedContext final : public CallbackContext {
 public:
  std::vector<std::pair<std::string, double>> logs;
  std::map<std::string, Direction> metric_directions;
  float rate = 0.01f;
  bool stop = false;
  int weights_from_epoch = -1;
  std::map<std::string, int> snapshots;
  std::vector<std::string> messages, warnings, saved;
  std::string directory;

  void use_logs(const Json& values) {
    logs.clear();
    for (const auto& [key, value] : values.items())
      logs.emplace_back(key, value.is_string() ? std::stod(value.get<std::string>()) : value.get<double>());
  }

  std::optional<double> log(std::string_view key) const override {
    for (const auto& [name, value] : logs)
      if (name == key) return value;
    return std::nullopt;
  }
  std::vector<std::string> log_keys() const override {
    std::vector<std::string> keys;
    for (const auto& entry : logs) keys.push_back(entry.first);
    return keys;
  }
  void set_log(std::string_view key, double value) override {
    for (auto& [name, old] : logs)
      if (name == key) return void(old = value);
    logs.emplace_back(std::string(key), value);
  }
  Direction direction(std::string_view key) const override {
    const std::string base(key.substr(key.rfind("val_", 0) == 0 ? 4 : 0));
    if (base == "loss") return Direction::minimize;
    const auto found = metric_directions.find(base);
    return found == metric_directions.end() ? Direction::unknown : found->second;
  }
  double learning_rate() const override { return rate; }
  void set_learning_rate(double learning_rate) override { rate = float(learning_rate); }
  void stop_training() override { stop = true; }
  bool stop_requested() const override { return stop; }
  void snapshot_weights(std::string_view key) override { snapshots[std::string(key)] = weights_from_epoch; }
  bool restore_weights(std::string_view key) override {
    const auto found = snapshots.find(std::string(key));
    if (found == snapshots.end()) return false;
    weights_from_epoch = found->second;
    return true;
  }
  void save_weights(const std::string& path) override { saved.push_back(path); }
  int epochs() const override { return 10; }
  std::int64_t steps_per_epoch() const override { return 5; }
  std::int64_t iterations() const override { return 0; }
  std::string output_dir() const override { return directory; }
  int verbose() const override { return 2; }
  void message(std::string_view line) override { messages.emplace_back(line); }
  void warn(std::string_view line) override { warnings.emplace_back(line); }
};

auto callback(const std::string& name, const Json& params) {
  return nnplug::testing::built_plugins().create<nnplug::Callback>(name, params);
}

// The message of the error creating the callback raises; fails the test when there is none.
std::string creation_error(const std::string& name, const Json& params) {
  try {
    callback(name, params);
  } catch (const nnplug::Error& e) {
    return e.what();
  }
  FAIL(name << " accepted " << params.dump());
  return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

ScriptedContext context_for(const Json& reference_case) {
  ScriptedContext context;
  context.rate = float(reference_case["initial_learning_rate"].get<double>());
  for (const auto& [name, direction] : reference_case["metrics"].items())
    context.metric_directions[name] = direction == "up" ? Direction::maximize : Direction::minimize;
  return context;
}

// One epoch as the trainer runs it: new weights, the epoch's logs, the hooks.
void run_epoch(nnplug::Loaded<nnplug::Callback>& plugin, ScriptedContext& context, int epoch, const Json& logs) {
  context.weights_from_epoch = epoch;
  context.use_logs(Json::object());
  plugin.on_epoch_begin(epoch, context);
  context.use_logs(logs);
  plugin.on_epoch_end(epoch, context);
}

}  // namespace

TEST_CASE("reduce_lr_on_plateau and early_stopping follow Keras 3 epoch by epoch", "[plugins][callbacks]") {
  const Json reference = nnplug::testing::reference("callbacks.json");
  REQUIRE(reference["cases"].size() >= 30);
  for (const auto& reference_case : reference["cases"]) {
    INFO(reference_case["callback"].get<std::string>() << ": " << reference_case["name"].get<std::string>() << " "
                                                       << reference_case["params"].dump());
    auto plugin = callback(reference_case["callback"], reference_case["params"]);
    ScriptedContext context = context_for(reference_case);
    if (reference_case.contains("error")) {
      // Keras raises at the first epoch end; nnplug knows the metrics before training.
      const std::string monitor = reference_case["params"]["monitor"];
      try {
        plugin.on_train_begin(context);
        FAIL("no error for an unresolvable monitor");
      } catch (const nnplug::Error& e) {
        INFO(e.what());
        CHECK(contains(e.what(), "'" + monitor + "'"));
        CHECK(contains(e.what(), "\"mode\": \"min\""));
      }
      continue;
    }
    plugin.on_train_begin(context);
    const Json& epochs = reference_case["epochs"];
    int run = 0;
    for (const auto& logs : reference_case["logs"]) {
      const std::size_t warnings_before = context.warnings.size();
      run_epoch(plugin, context, run, logs);
      const Json& expected = epochs.at(std::size_t(run));
      INFO("epoch " << run);
      CHECK(double(context.rate) == expected["learning_rate"].get<double>());
      CHECK((context.warnings.size() > warnings_before) == expected["warned"].get<bool>());
      CHECK(context.stop == expected["stop"].get<bool>());
      ++run;
      if (context.stop) break;
    }
    plugin.on_train_end(context);
    CHECK(run == reference_case["epochs_run"].get<int>());
    CHECK(context.weights_from_epoch == reference_case["final_weights_epoch"].get<int>());
    CHECK(context.messages == reference_case["messages"].get<std::vector<std::string>>());
  }
}

TEST_CASE("a missing monitor is warned about with the available keys", "[plugins][callbacks]") {
  for (const std::string name : {"reduce_lr_on_plateau", "early_stopping"}) {
    auto plugin = callback(name, Json::object());
    ScriptedContext context;
    plugin.on_train_begin(context);
    run_epoch(plugin, context, 0, Json{{"accuracy", 0.5}, {"loss", 0.25}});
    REQUIRE(context.warnings.size() == 1);
    CHECK(contains(context.warnings[0], "`val_loss` which is not available"));
    CHECK(contains(context.warnings[0], "accuracy,loss"));
    CHECK(context.rate == 0.01f);
    CHECK_FALSE(context.stop);
  }
}

TEST_CASE("reduce_lr_on_plateau resumes from its state as if never interrupted", "[plugins][callbacks]") {
  const Json reference = nnplug::testing::reference("callbacks.json");
  for (const auto& reference_case : reference["cases"]) {
    if (reference_case["name"].get<std::string>().rfind("noisy plateau", 0) != 0) continue;
    const Json& logs = reference_case["logs"];
    ScriptedContext context = context_for(reference_case);
    Json state;
    {
      auto first = callback("reduce_lr_on_plateau", reference_case["params"]);
      first.on_train_begin(context);
      for (int epoch = 0; epoch < 12; ++epoch) run_epoch(first, context, epoch, logs[std::size_t(epoch)]);
      state = first.state();
    }
    CHECK(state.contains("wait"));
    auto second = callback("reduce_lr_on_plateau", reference_case["params"]);
    second.load_state(Json::parse(state.dump()));  // plain JSON, as if from another process
    second.on_train_begin(context);
    for (int epoch = 12; epoch < int(logs.size()); ++epoch) {
      run_epoch(second, context, epoch, logs[std::size_t(epoch)]);
      INFO("epoch " << epoch);
      CHECK(double(context.rate) == reference_case["epochs"][std::size_t(epoch)]["learning_rate"].get<double>());
    }
    return;
  }
  FAIL("the noisy plateau case is missing from callbacks.json");
}

TEST_CASE("reduce_lr_on_plateau refuses what Keras refuses", "[plugins][callbacks]") {
  CHECK(contains(creation_error("reduce_lr_on_plateau", {{"factor", 1.0}}), "/factor:"));
  const std::string both = creation_error("reduce_lr_on_plateau", {{"min_delta", 0.1}, {"epsilon", 0.1}});
  CHECK(contains(both, "'epsilon'"));
  CHECK(contains(both, "min_delta"));
  CHECK(contains(creation_error("reduce_lr_on_plateau", {{"mode", "maximum"}}), "/mode:"));
  auto plugin = callback("ReduceLROnPlateau", Json::object());
  CHECK(plugin.sets_learning_rate());
  CHECK_FALSE(plugin.uses_batch_hooks());
}

TEST_CASE("learning_rate_scheduler evaluates its formula like Keras's schedule function", "[plugins][callbacks]") {
  const Json reference = nnplug::testing::reference("callbacks.json");
  REQUIRE(reference["learning_rate_scheduler"].size() >= 5);
  for (const auto& reference_case : reference["learning_rate_scheduler"]) {
    INFO(reference_case["schedule"].get<std::string>());
    auto plugin = callback("learning_rate_scheduler",
                           {{"schedule", reference_case["schedule"]}, {"verbose", reference_case["verbose"]}});
    CHECK(plugin.sets_learning_rate());
    ScriptedContext context;
    context.rate = float(reference_case["initial_learning_rate"].get<double>());
    plugin.on_train_begin(context);
    int epoch = 0;
    for (const auto& expected : reference_case["learning_rates"]) {
      context.use_logs(Json::object());
      plugin.on_epoch_begin(epoch, context);
      INFO("epoch " << epoch);
      CHECK(double(context.rate) == expected.get<double>());
      context.use_logs(Json{{"loss", 0.5}});
      plugin.on_epoch_end(epoch++, context);
      CHECK(context.log("learning_rate") == double(context.rate));
    }
    CHECK(context.messages == reference_case["messages"].get<std::vector<std::string>>());
  }
}

TEST_CASE("learning_rate_scheduler reports a bad formula with muParser's message and position", "[plugins][callbacks]") {
  const std::string unknown = creation_error("learning_rate_scheduler", {{"schedule", "lr * decay"}});
  INFO(unknown);
  CHECK(contains(unknown, "learning_rate_scheduler"));
  CHECK(contains(unknown, "'schedule'"));
  CHECK(contains(unknown, "\"lr * decay\""));
  CHECK(contains(unknown, "Unexpected token \"decay\" found at position 5"));
  CHECK(contains(unknown, "(position 5"));
  const std::string unfinished = creation_error("learning_rate_scheduler", {{"schedule", "epoch < 10 ? lr"}});
  INFO(unfinished);
  CHECK(contains(unfinished, "\"epoch < 10 ? lr\""));
  CHECK(contains(unfinished, "position"));
  CHECK(contains(creation_error("learning_rate_scheduler", Json::object()), "schedule"));
}

TEST_CASE("learning_rate_scheduler refuses a negative or non-finite rate, naming the epoch", "[plugins][callbacks]") {
  for (const std::string formula : {"0.01 - epoch * 0.004", "epoch < 2 ? lr : log(0)", "epoch < 2 ? lr : sqrt(-1)"}) {
    INFO(formula);
    auto plugin = callback("learning_rate_scheduler", {{"schedule", formula}});
    ScriptedContext context;
    plugin.on_epoch_begin(0, context);
    plugin.on_epoch_begin(1, context);
    try {
      plugin.on_epoch_begin(3, context);
      FAIL("no error for the rate at epoch 3");
    } catch (const nnplug::Error& e) {
      INFO(e.what());
      CHECK(contains(e.what(), "learning_rate_scheduler"));
      CHECK(contains(e.what(), "at epoch 3 (0-based"));
      CHECK(contains(e.what(), formula));
    }
  }
}

TEST_CASE("early_stopping snapshots and restores through the context", "[plugins][callbacks]") {
  auto plugin = callback("EarlyStopping", {{"monitor", "loss"}, {"patience", 1}, {"restore_best_weights", true}});
  ScriptedContext context;
  plugin.on_train_begin(context);
  const std::vector<double> losses{1.0, 0.5, 0.75, 0.25};
  for (int epoch = 0; epoch < 4 && !context.stop; ++epoch) run_epoch(plugin, context, epoch, Json{{"loss", losses[std::size_t(epoch)]}});
  CHECK(context.stop);
  CHECK(context.weights_from_epoch == 2);
  plugin.on_train_end(context);
  CHECK(context.weights_from_epoch == 1);
  CHECK(context.snapshots.size() == 1);
}

TEST_CASE("model_checkpoint fills its filepath as Python's str.format does", "[plugins][callbacks]") {
  const Json reference = nnplug::testing::reference("callbacks.json");
  REQUIRE(reference["model_checkpoint_filepaths"].size() >= 10);
  for (const auto& reference_case : reference["model_checkpoint_filepaths"]) {
    INFO(reference_case["filepath"].get<std::string>());
    auto plugin = callback("model_checkpoint", {{"filepath", reference_case["filepath"]}});
    ScriptedContext context;
    plugin.on_train_begin(context);
    const int epoch = reference_case["epoch"];
    run_epoch(plugin, context, epoch, reference_case["logs"]);
    REQUIRE(context.saved.size() == 1);
    CHECK(context.saved[0] == reference_case["expected"].get<std::string>());
  }
}

TEST_CASE("model_checkpoint with save_best_only saves only improvements, with Keras's messages", "[plugins][callbacks]") {
  auto plugin = callback("ModelCheckpoint", {{"filepath", "best-{epoch}.npz"}, {"save_best_only", true},
                                             {"save_weights_only", true}, {"verbose", 1},
                                             {"initial_value_threshold", 0.9}});
  ScriptedContext context;
  plugin.on_train_begin(context);
  const std::vector<double> losses{0.95, 0.5, 0.6, 0.5, 0.25};
  for (int epoch = 0; epoch < 5; ++epoch) run_epoch(plugin, context, epoch, Json{{"val_loss", losses[std::size_t(epoch)]}});
  CHECK(context.saved == std::vector<std::string>{"best-2.npz", "best-5.npz"});
  REQUIRE(context.messages.size() == 7);
  CHECK(context.messages[0] == "Epoch 1: val_loss did not improve from 0.90000");
  CHECK(context.messages[1] == "Epoch 2: val_loss improved from 0.90000 to 0.50000, saving model to best-2.npz");
  CHECK(context.messages[2] == "Epoch 2: finished saving model to best-2.npz");
  CHECK(context.messages[4] == "Epoch 4: val_loss did not improve from 0.50000");
  CHECK(plugin.state()["best"] == 0.25);

  auto by_accuracy = callback("model_checkpoint", {{"filepath", "a.npz"}, {"save_best_only", true},
                                                   {"monitor", "val_accuracy"}});
  ScriptedContext accuracy;
  accuracy.metric_directions["accuracy"] = Direction::maximize;
  by_accuracy.on_train_begin(accuracy);
  for (int epoch = 0; epoch < 3; ++epoch) run_epoch(by_accuracy, accuracy, epoch, Json{{"val_accuracy", 0.5 + 0.2 * (epoch % 2)}});
  CHECK(accuracy.saved.size() == 2);

  // Keras saves anyway when the monitor is missing, and warns.
  auto missing = callback("model_checkpoint", {{"filepath", "m.npz"}, {"save_best_only", true}});
  ScriptedContext no_validation;
  missing.on_train_begin(no_validation);
  run_epoch(missing, no_validation, 0, Json{{"loss", 0.5}});
  CHECK(no_validation.saved.size() == 1);
  CHECK(no_validation.warnings.size() == 1);
}

TEST_CASE("model_checkpoint refuses Keras's formats and bad placeholders by name", "[plugins][callbacks]") {
  for (const std::string keras : {"model.keras", "model.h5", "ckpt.weights.h5"}) {
    const std::string message = creation_error("model_checkpoint", {{"filepath", keras}});
    INFO(message);
    CHECK(contains(message, "'filepath'"));
    CHECK(contains(message, "not write"));
    CHECK(contains(message, ".npz"));
  }
  CHECK(contains(creation_error("model_checkpoint", {{"filepath", "weights.bin"}}), "must end in .npz"));
  CHECK(contains(creation_error("model_checkpoint", {{"filepath", "w-{val_loss:02d}.npz"}}), "{val_loss:02d}"));
  CHECK(contains(creation_error("model_checkpoint", {{"filepath", "w-{batch}.npz"}}), "{batch}"));
  CHECK(contains(creation_error("model_checkpoint", {{"filepath", "w-{epoch:.2q}.npz"}}), "'q'"));
  CHECK(contains(creation_error("model_checkpoint", {{"filepath", "w-{epoch.npz"}}), "never closed"));
  CHECK(contains(creation_error("model_checkpoint", {{"filepath", "w-{}.npz"}}), "no name"));
  CHECK(contains(creation_error("model_checkpoint", {{"filepath", "w-{loss!r}.npz"}}), "{loss!r}"));
  CHECK(contains(creation_error("model_checkpoint", Json::object()), "filepath"));

  // A placeholder no log has is found at the first epoch's end, with the keys listed.
  auto plugin = callback("model_checkpoint", {{"filepath", "w-{val_mse:.2f}.npz"}});
  ScriptedContext context;
  plugin.on_train_begin(context);
  try {
    run_epoch(plugin, context, 0, Json{{"loss", 0.5}, {"val_loss", 0.25}});
    FAIL("no error for an unknown placeholder");
  } catch (const nnplug::Error& e) {
    INFO(e.what());
    CHECK(contains(e.what(), "{val_mse}"));
    CHECK(contains(e.what(), "loss, val_loss"));
  }
}

TEST_CASE("csv_logger writes Keras's CSV bytes", "[plugins][callbacks]") {
  const Json reference = nnplug::testing::reference("callbacks.json");
  REQUIRE(reference["csv_logger"].size() >= 5);
  for (const auto& reference_case : reference["csv_logger"]) {
    INFO(reference_case.dump());
    nnplug::test::TempDir dir;
    const std::string existing = reference_case["existing"];
    if (!existing.empty()) nnplug::test::write_file(dir / "log.csv", existing);
    auto plugin = callback("CSVLogger", {{"filename", "log.csv"}, {"separator", reference_case["separator"]},
                                         {"append", reference_case["append"]}});
    ScriptedContext context;
    context.directory = dir.path().string();
    plugin.on_train_begin(context);
    int epoch = 0;
    for (const auto& logs : reference_case["logs"]) {
      run_epoch(plugin, context, epoch, logs);
      if (epoch++ == 0) CHECK(!nnplug::test::read_file(dir / "log.csv").empty());  // flushed every epoch
    }
    plugin.on_train_end(context);
    CHECK(nnplug::test::read_file(dir / "log.csv") == reference_case["expected"].get<std::string>());
  }
}

TEST_CASE("terminate_on_nan stops or fails at the batch whose running loss is not finite", "[plugins][callbacks]") {
  auto plugin = callback("TerminateOnNaN", Json::object());
  CHECK(plugin.uses_batch_hooks());
  ScriptedContext context;
  plugin.on_epoch_begin(0, context);
  context.use_logs(Json{{"loss", 0.5}});
  plugin.on_train_batch_end(0, context);
  CHECK_FALSE(context.stop);
  context.logs = {{"loss", std::numeric_limits<double>::infinity()}};
  plugin.on_train_batch_end(1, context);
  CHECK(context.stop);
  CHECK(context.messages == std::vector<std::string>{"Batch 1: Invalid loss, terminating training"});

  auto strict = callback("terminate_on_nan", {{"raise_error", true}});
  ScriptedContext strict_context;
  strict.on_epoch_begin(4, strict_context);
  strict_context.logs = {{"loss", std::nan("")}};
  try {
    strict.on_train_batch_end(7, strict_context);
    FAIL("no error for a NaN loss");
  } catch (const nnplug::Error& e) {
    INFO(e.what());
    CHECK(contains(e.what(), "at batch 7 of epoch 5"));
    CHECK(contains(e.what(), "Loss value: nan"));
  }
  CHECK_FALSE(strict_context.stop);
}
