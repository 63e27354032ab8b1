// nnplug check: every check `train` makes before the first batch, without training.
#include "../cli.hpp"

#include <iostream>

namespace nnplug::cli {

// Prints "ok" (exit 0), or every problem found, one "nnplug: error:" line each (exit 2).
int check(const Command& command) {
  const auto problems = check_training(training_request(command));
  if (problems.empty()) return std::cout << "ok\n", 0;
  for (const auto& problem : problems) std::cerr << "nnplug: error: " << problem << "\n";
  return 2;
}

}  // namespace nnplug::cli
