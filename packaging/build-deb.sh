#!/usr/bin/env bash
# Builds portico and its .deb (left in the build directory), then checks the package (check-deb.sh).
set -euo pipefail
build=${1:-build/dev}
cmake --build "$build" -j1 --target portico
(cd "$build" && cpack -G DEB)
deb=$(ls -t "$build"/portico_*.deb | head -1)
"$(dirname "$0")/check-deb.sh" "$build" "$deb"
