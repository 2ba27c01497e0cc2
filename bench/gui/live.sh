#!/usr/bin/env bash
# The window stays responsive while its server takes ~5,000 requests/s and the trace dock follows, and memory
# stays bounded (trace ring buffers) after 100,000 requests. Runs the real workbench under Xvfb when available.
# Usage: bash bench/gui/live.sh [BUILD_DIR]   (REQUESTS=100000 CONNECTIONS=16 PAUSE_MS=2)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build/dev}"
bench="$build/bench/portico-bench-gui-live"
[ -x "$bench" ] || { echo "build first: cmake --build $build --target portico-bench-gui-live" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 2; }
requests="${REQUESTS:-100000}"
loader="wrk -t1 -c${CONNECTIONS:-16} -d600s -s $here/live.lua %URL -- ${PAUSE_MS:-2}"
project="$root/resources/examples/store.yaml"

run() { "$bench" "$project" --requests "$requests" --path /items/1 --loader "$loader"; }
if command -v xvfb-run >/dev/null; then
    echo "## Workbench under Xvfb, server under paced load (wrk, ${CONNECTIONS:-16} connections, ${PAUSE_MS:-2} ms pauses)"
    xvfb-run -a -s "-screen 0 1600x1000x24" bash -c "$(declare -f run); bench='$bench' project='$project' requests='$requests' loader='$loader' run"
else
    echo "## Workbench offscreen (no xvfb-run), server under paced load"
    QT_QPA_PLATFORM=offscreen run
fi
echo "(goal: the GUI thread stays responsive — p99 timer lateness well under a frame, 16 ms; RSS bounded)"
