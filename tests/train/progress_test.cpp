// The progress output as Keras 3's ProgbarLogger prints it: the bar redrawn in place on a
// terminal (time-throttled, the final redraw always), a line per epoch otherwise, nothing
// with verbose 0. Driven directly through a recording context, and through the real CLI
// in a pseudo-terminal (util-linux `script`) and through a pipe.
#include "support/cli.hpp"

#include <nnplug/train/logs.hpp>
#include <nnplug/train/standard_callbacks.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <sstream>
#include <thread>

using namespace nnplug;
using nnplug::test::TempDir;

namespace {

// Just enough of the host for a progress logger: logs, epochs, steps.
class LogsContext final : public CallbackContext {
 public:
  LogsContext(int epochs, std::int64_t steps) : epochs_(epochs), steps_(steps) {}
  Logs logs;
  std::optional<double> log(std::string_view key) const override { return logs.get(key); }
  std::vector<std::string> log_keys() const override {
    std::vector<std::string> keys;
    for (const auto& entry : logs) keys.push_back(entry.first);
    return keys;
  }
  void set_log(std::string_view key, double value) override { logs.set(std::string(key), value); }
  Direction direction(std::string_view) const override { return Direction::unknown; }
  double learning_rate() const override { return 0.001; }
  void set_learning_rate(double) override {}
  void stop_training() override {}
  bool stop_requested() const override { return false; }
  void snapshot_weights(std::string_view) override {}
  bool restore_weights(std::string_view) override { return false; }
  void save_weights(const std::string&) override {}
  int epochs() const override { return epochs_; }
  std::int64_t steps_per_epoch() const override { return steps_; }
  std::int64_t iterations() const override { return 0; }
  std::string output_dir() const override { return ""; }
  int verbose() const override { return 1; }
  void message(std::string_view) override {}
  void warn(std::string_view) override {}

 private:
  int epochs_;
  std::int64_t steps_;
};

// One epoch of `steps` batches through `logger`, the loss falling, then the epoch logs.
void run_epoch(ProgressLogger& logger, LogsContext& context, int epoch) {
  logger.on_epoch_begin(epoch, context);
  for (std::int64_t batch = 0; batch < context.steps_per_epoch(); ++batch) {
    context.logs = Logs();
    context.logs.set("accuracy", 0.5 + 0.01 * double(batch));
    context.logs.set("loss", 1.0 / double(batch + 1));
    logger.on_train_batch_end(batch, context);
  }
  context.logs.set("val_accuracy", 0.75);
  context.logs.set("val_loss", 0.3);
  context.logs.set("learning_rate", 0.001);
  logger.on_epoch_end(epoch, context);
}

std::size_t count(const std::string& text, const std::string& piece) {
  std::size_t n = 0;
  for (auto at = text.find(piece); at != std::string::npos; at = text.find(piece, at + piece.size())) ++n;
  return n;
}

// Carriage returns that start a redraw (a pty also turns every "\n" into "\r\n").
std::size_t redraws(const std::string& text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) ++n;
  return n;
}

std::string without_ansi(const std::string& text) { return std::regex_replace(text, std::regex("\x1b\\[[0-9;]*m"), ""); }

const std::string bar = [] {
  std::string s;
  for (int i = 0; i < 20; ++i) s += "\u2501";
  return s;
}();

}  // namespace

TEST_CASE("verbose 1 on a terminal redraws one line in place and ends in the epoch summary", "[progress]") {
  std::ostringstream out;
  LogsContext context(2, 5);
  ProgressLogger logger(out, {.verbose = 1, .terminal = true, .interval_seconds = 0.0});
  REQUIRE(logger.uses_batch_hooks());
  logger.on_train_begin(context);
  run_epoch(logger, context, 0);
  const std::string text = out.str();

  CHECK(text.rfind("Epoch 1/2\n", 0) == 0);
  CHECK(count(text, "\n") == 2);  // the Epoch line and the finished bar, nothing else
  CHECK(redraws(text) == 5);      // interval 0: steps 2..5 redraw over the first, then the final
  CHECK(count(text, "\x1b[32m") >= 1);  // the done part in green, as Keras colours it
  const std::string plain = without_ansi(text);
  // Running lines: step count right-aligned, bar, ETA, time per step, batch logs in order.
  CHECK(std::regex_search(plain, std::regex("\n1/5 " + bar + " \\d+s \\d+(us|ms|s)/step - accuracy: 0\\.5000 - loss: 1\\.0000")));
  CHECK(std::regex_search(plain, std::regex("\r3/5 " + bar + " \\d+s \\d+(us|ms|s)/step - accuracy: 0\\.5200 - loss: 0\\.3333")));
  // The last redraw: elapsed time, the epoch's logs with val_ values and the learning rate, a newline.
  const std::string last = plain.substr(plain.rfind('\r') + 1);
  CHECK(std::regex_match(last, std::regex("5/5 " + bar + " \\d+s \\d+(us|ms|s)/step - accuracy: 0\\.5400 - loss: 0\\.2000 - "
                                           "val_accuracy: 0\\.7500 - val_loss: 0\\.3000 - learning_rate: 1\\.0000e-03 *\n")));
}

TEST_CASE("the bar is redrawn at most once per interval, the final redraw always", "[progress]") {
  std::ostringstream out;
  LogsContext context(1, 2000);
  ProgressLogger logger(out, {.verbose = 1, .terminal = true, .interval_seconds = 0.1});
  logger.on_train_begin(context);
  run_epoch(logger, context, 0);
  const std::string text = out.str();
  CHECK(text.find("Epoch") == std::string::npos);  // one epoch: no Epoch line, as in Keras
  // 2000 batches in well under a second: the first draw, the final one, hardly any between.
  CHECK(redraws(text) <= 11);
  CHECK(without_ansi(text).find("2000/2000 " + bar) != std::string::npos);
}

TEST_CASE("verbose 1 off a terminal prints whole lines, verbose 2 one per epoch, verbose 0 nothing", "[progress]") {
  for (const int verbose : {0, 1, 2}) {
    std::ostringstream out;
    LogsContext context(3, 4);
    ProgressLogger logger(out, {.verbose = verbose, .terminal = false, .interval_seconds = 0.0});
    CHECK(logger.uses_batch_hooks() == (verbose == 1));
    logger.on_train_begin(context);
    for (int epoch = 0; epoch < 3; ++epoch) run_epoch(logger, context, epoch);
    const std::string text = out.str();
    INFO("verbose " << verbose << ":\n" << text);
    CHECK(text.find('\r') == std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);
    if (verbose == 0) CHECK(text.empty());
    if (verbose == 1) CHECK(count(text, "\n") == 3 * (1 + 4 + 1));  // Epoch line, a line per redraw, the summary
    if (verbose == 2) {
      CHECK(count(text, "\n") == 3 * 2);
      CHECK(std::regex_search(text, std::regex("Epoch 3/3\n4/4 - \\d+s - \\d+(us|ms|s)/step - accuracy: 0\\.5300 - "
                                               "loss: 0\\.2500 - val_accuracy: 0\\.7500 - val_loss: 0\\.3000 - "
                                               "learning_rate: 1\\.0000e-03\n$")));
    }
  }
}

namespace {

// A run of the real CLI on a blobs CSV with many small batches.
struct CliRun {
  TempDir dir;
  explicit CliRun(const Json& fit_changes) {
    test::write_blobs_csv(dir / "blobs.csv", 1200, 4, 3, 11);
    Json config = test::blobs_config("blobs.csv", 4, 3);
    config["fit"] = {{"epochs", 2}, {"batch_size", 4}};
    config["fit"].update(fit_changes);
    test::write_file(dir / "config.json", config.dump());
  }
  // In a pseudo-terminal: util-linux script runs the command with a pty as its stdout.
  test::CliResult in_terminal() const {
    REQUIRE(std::filesystem::exists("/usr/bin/script"));
    return test::run("/usr/bin/script", {"-qec", std::string(NNPLUG_CLI) + " train config.json --overwrite", "/dev/null"},
                     dir.path());
  }
  test::CliResult piped() const { return test::run_nnplug({"train", "config.json", "--overwrite"}, dir.path()); }
};

}  // namespace

TEST_CASE("nnplug train in a terminal draws the bar in place; piped it prints whole lines", "[progress][cli]") {
  const CliRun run(Json::object());  // fit.verbose defaults to "auto"
  const auto terminal = run.in_terminal();
  INFO(terminal.out << terminal.err);
  REQUIRE(terminal.exit_code == 0);
  // 240 batches per epoch (960 training samples / 4): a few throttled redraws, not hundreds.
  const std::size_t drawn = redraws(terminal.out);
  CHECK(drawn >= 2);
  CHECK(drawn < 2 * 240 / 10);
  const std::string plain = without_ansi(terminal.out);
  CHECK(plain.find("Epoch 2/2\r\n") != std::string::npos);
  CHECK(std::regex_search(plain, std::regex("240/240 " + bar + " \\d+s \\d+(us|ms|s)/step - accuracy: [0-9.]+ - "
                                            "loss: [0-9.]+ - val_accuracy: [0-9.]+ - val_loss: [0-9.]+ - "
                                            "learning_rate: 0\\.0100 *\r\n")));

  const auto piped = run.piped();
  REQUIRE(piped.exit_code == 0);
  CHECK(piped.out.find('\r') == std::string::npos);
  CHECK(piped.out.find('\x1b') == std::string::npos);
  CHECK(std::regex_search(piped.out, std::regex("Epoch 1/2\n240/240 - \\d+s - \\d+(us|ms|s)/step - accuracy: ")));
}

TEST_CASE("fit.verbose 0, 2 and --quiet in a terminal", "[progress][cli]") {
  for (const int verbose : {0, 2}) {
    const CliRun run(Json{{"verbose", verbose}});
    const auto result = run.in_terminal();
    REQUIRE(result.exit_code == 0);
    CHECK(redraws(result.out) == 0);
    CHECK((result.out.find("Epoch 1/2") != std::string::npos) == (verbose == 2));
  }
  const CliRun quiet(Json{{"verbose", 1}});
  const auto silenced = test::run("/usr/bin/script", {"-qec", std::string(NNPLUG_CLI) + " train config.json --quiet",
                                                      "/dev/null"}, quiet.dir.path());
  REQUIRE(silenced.exit_code == 0);
  CHECK(silenced.out.find("Epoch") == std::string::npos);
  CHECK(redraws(silenced.out) == 0);

  const CliRun bad(Json{{"verbose", 3}});
  const auto rejected = bad.piped();
  CHECK(rejected.exit_code == 2);
  CHECK(rejected.err.find("/fit/verbose") != std::string::npos);
}
