#!/usr/bin/env bash
# Builds the libFuzzer targets (clang 14, ASan+UBSan; tests/fuzz) and runs each one for SECONDS (default 30),
# seeded from the repository's own documents. CI runs it briefly; a real campaign: bash tools/fuzz.sh 3600.
# A finding stops the script with the fuzzer's report; the input that caused it is in build/fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}

cmake --preset fuzz
cmake --build --preset fuzz

corpus=build/fuzz/corpus
findings=build/fuzz/findings
mkdir -p "$findings"
seed() { # target, files...
    local target=$1
    shift
    mkdir -p "$corpus/$target"
    for file in "$@"; do
        cp "$file" "$corpus/$target/seed-$(echo "$file" | tr '/' '_')"
    done
}
mapfile -t json < <(git ls-files '*.json' | grep -E '^(tests/data|resources)/')
mapfile -t yaml < <(git ls-files '*.yaml' '*.yml' | grep -E '^(tests/data|resources)/')
seed json "${json[@]}"
seed yaml "${yaml[@]}"
seed document "${json[@]}" "${yaml[@]}"
seed schema tests/fuzz/seeds/schema/*.json
seed regex tests/fuzz/seeds/regex/*
seed templates tests/fuzz/seeds/templates/*
seed request tests/fuzz/seeds/request/*
seed scanner tests/fuzz/seeds/scanner/*

for target in json yaml document schema regex templates scanner request; do
    echo "== fuzz_$target for ${seconds}s"
    # fuzz_request's engine keeps what the requests create (resources): checking for leaks after every run
    # that allocated more than it freed only slows it down.
    leaks=1
    [ "$target" = request ] && leaks=0
    build/fuzz/tests/fuzz/fuzz_$target "$corpus/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -detect_leaks=$leaks \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/$target-" 2>&1 | tail -n 12
    test "${PIPESTATUS[0]}" -eq 0
done
