// Adam (Kingma & Ba), optionally AMSGrad, as Keras 3's Adam: epsilon is added to the
// un-corrected sqrt(v) and the bias corrections are folded into the step size. The update
// lives in optimizer_parts.hpp because AdamW is the same update.
#include "../optimizer_parts.hpp"

NNPLUG_PLUGIN(::nnplug::optimizer_parts::Adam, ::nnplug::Kind::optimizer, "adam", "Adam", "1.0.0",
              "adaptive moment estimation, optionally AMSGrad (Keras Adam)",
              R"json({"type": "object", "additionalProperties": false, "properties": {)json"
              NNPLUG_LEARNING_RATE_SCHEMA(0.001) ", " NNPLUG_ADAM_SCHEMA "}}")
