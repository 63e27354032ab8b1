#pragma once
// Per-epoch values in the order Keras shows them: training keys alphabetically, then
// val_ keys, then keys callbacks add (learning_rate).
#include <optional>
#include <string>
#include <string_view>
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
  // A string_view, so reading a long key (sparse_categorical_accuracy) allocates nothing.
  std::optional<double> get(std::string_view key) const {
    for (const auto& entry : entries_)
      if (entry.first == key) return entry.second;
    return std::nullopt;
  }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }

 private:
  std::vector<std::pair<std::string, double>> entries_;
};

}  // namespace nnplug
