#!/usr/bin/env bash
# Validation throughput: Portico vs ajv 8 (allErrors, compiled once) on the same documents, in the same run.
# Usage: bash bench/validation/run.sh [BUILD_DIR]    (BENCH_SECONDS=N per workload, default 2)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build/dev}"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT

node "$here/gen-data.mjs" "$data" >/dev/null
ajv_out=$(node "$here/ajv-bench.mjs" "$data")
portico_out=$("$build/bench/portico-bench-validation" "$data")
echo "$ajv_out"
echo "$portico_out"

echo
echo "| workload | ajv docs/s | Portico docs/s | ajv MB/s | Portico MB/s | Portico / ajv | invalid (ajv, Portico) |"
echo "|---|---|---|---|---|---|---|"
for w in small-valid small-mixed batch-10000; do
    a=$(grep "^ajv $w " <<<"$ajv_out")
    p=$(grep "^portico $w " <<<"$portico_out")
    field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }
    ad=$(field docs_per_s "$a"); pd=$(field docs_per_s "$p")
    am=$(field mb_per_s "$a"); pm=$(field mb_per_s "$p")
    ai=$(field invalid "$a"); pi=$(field invalid "$p")
    ratio=$(awk -v p="$pm" -v a="$am" 'BEGIN { printf "%.2fx", p / a }')
    echo "| $w | $ad | $pd | $am | $pm | $ratio | $ai, $pi |"
    if [ "$ai" != "$pi" ]; then echo "MISMATCH: $w invalid counts differ" >&2; exit 1; fi
done
