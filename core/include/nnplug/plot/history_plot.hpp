#pragma once
// Training histories drawn as one self-contained SVG (no fonts, scripts or links to fetch):
// a panel per quantity (loss, each metric with its val_ twin dashed, learning_rate on a log
// scale) against the epoch, every run in its own colour, a legend naming the runs.
#include <nnplug/plot/history_table.hpp>

#include <string>
#include <vector>

namespace nnplug {

struct PlotRun {
  std::string name;  // shown in the legend (the run directory as the user gave it)
  HistoryTable history;
};

std::string plot_histories(const std::vector<PlotRun>& runs);

}  // namespace nnplug
