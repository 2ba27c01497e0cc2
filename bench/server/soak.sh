#!/usr/bin/env bash
# RSS over a long run at full load (bounded traces, no leaks): samples VmRSS every 10 s while wrk runs
# GET and POST for SECONDS (default 300), then prints the samples and the spread after warm-up (goal ±10%).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build/dev}"
bash "$here/needs-wrk.sh"
seconds="${SECONDS_TOTAL:-300}"
port="${PORT:-18998}"
wl="$root/bench/harness/workload"
"$build/app/portico" serve "$wl/openapi-3.1.yaml" --port "$port" --threads 2 > /dev/null &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
sleep 1
BENCH_BODY_FILE="$wl/post-valid.json" wrk -t1 -c32 -d"${seconds}s" -s "$root/bench/harness/wrk/bench.lua" "http://127.0.0.1:$port/items" > /dev/null 2>&1 &
post=$!
wrk -t1 -c32 -d"${seconds}s" "http://127.0.0.1:$port/items/42" > /dev/null 2>&1 &
get=$!
samples=()
for _ in $(seq $((seconds / 10))); do
    sleep 10
    samples+=("$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")")
done
wait "$post" "$get" # not the server, which runs until the trap stops it
echo "RSS samples (kB, every 10 s): ${samples[*]}"
python3 - "${samples[@]}" <<'PY'
import sys, statistics
s = [int(x) for x in sys.argv[1:]]
steady = s[len(s) // 5:]  # after warm-up (the trace ring buffer fills first)
m = statistics.median(steady)
print(f"steady median {m:.0f} kB, min {min(steady)} kB ({(min(steady)-m)/m*100:+.1f}%), max {max(steady)} kB ({(max(steady)-m)/m*100:+.1f}%)")
PY
