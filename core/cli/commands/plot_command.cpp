// nnplug plot: the histories of one or more runs as one SVG.
#include "../cli.hpp"

#include <nnplug/base/files.hpp>
#include <nnplug/plot/history_plot.hpp>

#include <iostream>

namespace nnplug::cli {

int plot(const Command& command) {
  if (command.arguments.empty()) throw Error("nnplug plot takes one or more RUN_DIRs\n" + usage_text());
  std::vector<PlotRun> runs;
  for (const auto& run : command.arguments) runs.push_back({run, read_history(run)});
  const std::filesystem::path output =
      command.options.count("output") ? command.options["output"].as<std::string>() : "plot.svg";
  write_text_atomically(output, plot_histories(runs));
  std::cout << "wrote " << output.string() << "\n";
  return 0;
}

}  // namespace nnplug::cli
