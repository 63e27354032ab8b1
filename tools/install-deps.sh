#!/usr/bin/env bash
# Installs the Debian packages nnplug needs (only those missing). Usage: tools/install-deps.sh [extra packages]
set -euo pipefail
packages=(g++ cmake make libboost-dev libboost-program-options-dev libeigen3-dev nlohmann-json3-dev catch2
          libzip-dev zipcmp zipmerge ziptool zlib1g-dev libopenblas-dev libdnnl-dev libmuparser-dev dataset-fashion-mnist json-schema-test-suite
          librsvg2-bin libxml2-utils python3-jsonschema
          clang-14 libclang-rt-14-dev libomp-14-dev llvm-14 ninja-build ccache "$@")  # tools/fuzz.sh, tools/test-sanitizers.sh
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
