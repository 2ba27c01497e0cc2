#!/usr/bin/env bash
# Installs dependencies, builds Portico and starts it on a bundled example project (or the file given).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
project="${1:-resources/examples/store.yaml}"
exec ./build/dev/app/portico "$project"
