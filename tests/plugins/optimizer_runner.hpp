#pragma once
// Drives an optimizer plugin through the SDK interface alone, as the core would:
// allocates its declared slots and globals, and applies `steps` updates to a set of
// tensors whose gradients a callback computes. Nothing here knows a concrete optimizer.
#include <nnplug/registry/loaded.hpp>

#include <functional>
#include <vector>

namespace nnplug::testing {

class OptimizerRunner {
 public:
  using Gradient = std::function<void(std::size_t tensor, ConstArrayMap value, ArrayMap gradient)>;

  // Each tensor is a vector (shape {n}).
  OptimizerRunner(const Loaded<Optimizer>& optimizer, std::vector<std::vector<float>> tensors)
      : optimizer_(optimizer), tensors_(std::move(tensors)) {
    for (const auto& global : optimizer_.globals()) globals_.push_back(global.initial);
    for (const auto& tensor : tensors_) {
      shapes_.push_back({tensor.size()});
      auto& per_tensor = slots_.emplace_back();
      for (const auto& slot : optimizer_.slots(shapes_.back()))
        per_tensor.emplace_back(element_count(slot.shape.value_or(shapes_.back())), slot.initial);
    }
  }

  // One step over every tensor; iteration counts from 1 like Keras's t.
  void step(float learning_rate, const Gradient& gradient_of) {
    const StepContext context{learning_rate, ++iteration_, globals_, false};
    optimizer_.begin_step(globals_, context);
    for (std::size_t i = 0; i < tensors_.size(); ++i) {
      auto& tensor = tensors_[i];
      const auto size = static_cast<Eigen::Index>(tensor.size());
      std::vector<float> gradient(tensor.size(), 0.0f);
      gradient_of(i, ConstArrayMap(tensor.data(), size), ArrayMap(gradient.data(), size));
      std::vector<ArrayMap> slot_maps;
      for (auto& slot : slots_[i]) slot_maps.emplace_back(slot.data(), Eigen::Index(slot.size()));
      optimizer_.update(ArrayMap(tensor.data(), size), ConstArrayMap(gradient.data(), size), slot_maps, context,
                        Variable{"tensor", shapes_[i], 0});
    }
  }

  // Every tensor's values, concatenated in order.
  std::vector<float> values() const {
    std::vector<float> out;
    for (const auto& tensor : tensors_) out.insert(out.end(), tensor.begin(), tensor.end());
    return out;
  }

 private:
  const Loaded<Optimizer>& optimizer_;
  std::vector<std::vector<float>> tensors_;
  std::vector<Shape> shapes_;
  std::vector<std::vector<std::vector<float>>> slots_;
  std::vector<float> globals_;
  std::int64_t iteration_ = 0;
};

}  // namespace nnplug::testing
