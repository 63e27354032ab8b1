#pragma once
// Per-epoch values in the order Keras shows them: training keys alphabetically, then
// val_ keys, then keys callbacks add (learning_rate).
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nnplug {

class Logs {
 public:
  void set(const std::string& key, double value) {
    for (auto& entry : entries_)
      if (entry.first == key) return void(entry.second = value);
    entries_.emplace_back(key, value);
  }
  std::optional<double> get(const std::string& key) const {
    for (const auto& entry : entries_)
      if (entry.first == key) return entry.second;
    return std::nullopt;
  }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<std::pair<std::string, double>> entries_;
};

}  // namespace nnplug
