#pragma once
// The concrete losses, known only to Loss::create (loss.cpp). Each takes its parameters
// already validated against the schema loss.cpp declares for it.
#include <nnplug/losses/loss.hpp>

#include <memory>

namespace nnplug::losses {

// Keras's epsilon, in float as Keras clips in float32.
inline constexpr float epsilon = 1e-7f;

std::unique_ptr<Loss> categorical_crossentropy(const Params& params);
std::unique_ptr<Loss> sparse_categorical_crossentropy(const Params& params);
std::unique_ptr<Loss> binary_crossentropy(const Params& params);
std::unique_ptr<Loss> mean_squared_error(const Params& params);
std::unique_ptr<Loss> mean_absolute_error(const Params& params);

// Throws an Error unless y_pred and y_true have the same shape. Takes the loss, not its
// name, so the name string is only built on failure (the training step allocates nothing).
void require_same_shape(const Loss& loss, const Matrix& y_pred, const Matrix& y_true);

}  // namespace nnplug::losses
