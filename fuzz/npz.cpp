#include "fuzz_target.hpp"

NNPLUG_FUZZ_TARGET(npz)
