// nnplug train: one training run from a config file.
#include "../cli.hpp"

#include <nnplug/train/interrupt.hpp>

#include <csignal>
#include <iostream>

namespace nnplug::cli {

namespace {

std::string saved_files(const TrainResult& result) {
  std::string files = (result.output_dir / "weights.npz").string() + ", " + (result.output_dir / "history.csv").string();
  if (result.test) files += ", " + (result.output_dir / "metrics.json").string();
  return files;
}

}  // namespace

// Exit codes: 0 trained, 2 a problem (one line on stderr), 128 + the signal (130 SIGINT,
// 143 SIGTERM) when a signal ended training early with the finished epochs saved.
int train(const Command& command) {
  TrainRequest request = training_request(command);
  if (command.options.count("quiet")) request.out = nullptr;
  request.stop_on_signals = true;
  // A file-size limit (ulimit -f) then fails the write with a message instead of killing us.
  std::signal(SIGXFSZ, SIG_IGN);
  const auto result = run_training(request);
  if (result.interrupted_by) {
    std::cerr << "nnplug: interrupted by " << signal_name(result.interrupted_by);
    if (result.last_epoch > 0)
      std::cerr << " after epoch " << result.last_epoch << "; saved " << saved_files(result) << "\n";
    else
      std::cerr << " before the first epoch finished; nothing saved\n";
    return 128 + result.interrupted_by;
  }
  if (request.out) std::cout << "wrote " << saved_files(result) << "\n";
  return 0;
}

}  // namespace nnplug::cli
