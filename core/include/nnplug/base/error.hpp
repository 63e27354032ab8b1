#pragma once
// The one error type users see: a message that says what went wrong, where, and what
// to do. The CLI prints it on one line and exits with code 2.
#include <stdexcept>
#include <string>

namespace nnplug {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace nnplug
