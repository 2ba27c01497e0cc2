#!/usr/bin/env bash
# Installs dependencies, builds Portico and runs the whole test suite, then the core and mock (threaded
# server) tests under ASan+UBSan, then each libFuzzer target for a short fixed time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh

cmake --preset dev
cmake --build --preset dev
ctest --preset dev

cmake --preset asan
cmake --build --preset asan
ctest --preset asan

bash tools/fuzz.sh 20
