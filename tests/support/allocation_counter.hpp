#pragma once
// The test executable replaces the malloc family (allocation_counter.cpp) with versions
// that count calls while a test asks, forwarding to glibc's allocator; C++ new and Eigen
// both end up there, from the core and from every plugin library.
#include <functional>

namespace nnplug::testing {

// Runs f with counting on and returns how many allocations it made.
long allocations_in(const std::function<void()>& f);
// Allocations counted so far in the running allocations_in (for marks taken inside f).
long allocations_so_far();

}  // namespace nnplug::testing
