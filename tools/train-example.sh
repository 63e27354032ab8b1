#!/usr/bin/env bash
# The main job: install what is missing, build, train the Fashion-MNIST example.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
build/bin/nnplug train examples/configs/fashion_mnist.json "$@"
