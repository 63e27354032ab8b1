#include "fuzz_target.hpp"

NNPLUG_FUZZ_TARGET(json_config)
