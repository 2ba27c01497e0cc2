#!/usr/bin/env bash
# Installs dependencies, builds Portico and runs the whole test suite, then the core tests under ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh

cmake --preset dev
cmake --build --preset dev
ctest --preset dev

cmake --preset asan
cmake --build --preset asan
ctest --preset asan
