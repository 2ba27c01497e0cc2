#!/usr/bin/env bash
# Import speed: a ~5 MB OpenAPI document (generated from @readme/oas-examples) from file to served route table.
# Usage: bash bench/import/run.sh [BUILD_DIR]    (TARGET_MB=N for another size, RUNS=N runs per file, default 5)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build/dev}"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT

"$build/bench/portico-bench-import-gen" "$data" "${TARGET_MB:-5}"
"$build/bench/portico-bench-import" "$data/large-3.1.json" "$data/large-3.0.json" --runs "${RUNS:-5}"
