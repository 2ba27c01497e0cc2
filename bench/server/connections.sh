#!/usr/bin/env bash
# 10,000 concurrent connections held against an endpoint that answers after 1 s (x-portico-latency): every
# request must be answered with p99 under 1.5 s; also p99 at 256 connections and the server's RSS.
# Usage: bash bench/server/connections.sh [BUILD_DIR]     (CONNS=10000 DURATION=20)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build/dev}"
bash "$here/needs-wrk.sh"
conns="${CONNS:-10000}"
duration="${DURATION:-20}"
port="${PORT:-18999}"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
spec="$(mktemp -t portico-slow-XXXX.yaml)"
cat > "$spec" <<'YAML'
openapi: 3.1.0
info: {title: Slow API, version: '1'}
paths:
  /slow:
    get:
      x-portico-latency: 1000
      responses:
        '200': {description: ok, content: {application/json: {example: {ok: true}}}}
YAML
"$build/app/portico" serve "$spec" --port "$port" --threads 2 > /dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$spec"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/slow" --max-time 3 && break; sleep 0.1; done

measure() { # connections
    local c="$1" res rss
    res=$(wrk -t2 -c"$c" -d"${duration}s" --timeout 5s --latency "http://127.0.0.1:$port/slow" 2>&1)
    rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    local p99 errors requests
    p99=$(awk '/^ +99%/ {print $2}' <<<"$res")
    requests=$(awk '/requests in/ {print $1}' <<<"$res")
    errors=$(grep -E "Socket errors|Non-2xx" <<<"$res" | tr '\n' ' ' || true)
    echo "| $c | $requests | $p99 | ${errors:-none} | ${rss} kB |"
}
echo "| connections | requests answered | p99 latency | errors | server RSS peak |"
echo "|---|---|---|---|---|"
measure 256
measure "$conns"
