#!/usr/bin/env bash
# What `serve --data` costs and what it keeps (issue 20, item 10):
#  1. POST throughput on an x-portico-resource collection with --data against the same server without it,
#     measured in the same run, ROUNDS interleaved rounds, median ratio (goal >= 0.5).
#  2. Durability: KILLS rounds (default 20) of POSTs from 16 clients, each round ended by kill -9 at a random
#     moment; every record a client got a 201 for must be there after the restart (goal: zero lost).
# Usage: bash bench/data/run.sh [BUILD_DIR]   (DURATION=10 ROUNDS=3 KILLS=20 THREADS=2 CONNS=64)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build/dev}"
portico="$build/app/portico"
project="$root/tests/data/mock/features.yaml"
[ -x "$portico" ] || { echo "build Portico first ($portico not found)" >&2; exit 2; }
bash "$root/bench/server/needs-wrk.sh"
work="$(mktemp -d -t portico-data-bench-XXXX)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

port=18480
serve() { # serve PORT [ARGS...]: starts in the background, returns once it answers
    local p="$1"; shift
    "$portico" serve "$project" --port "$p" --threads "${THREADS:-2}" "$@" >"$work/serve.log" 2>&1 &
    for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$p/items?_limit=1" && return 0; sleep 0.05; done
    echo "portico did not start:" >&2; cat "$work/serve.log" >&2; exit 1
}
post_rps() { # post_rps PORT → requests per second of 201s
    wrk -t2 -c "${CONNS:-64}" -d "${DURATION:-10}s" -s "$here/post-item.lua" "http://127.0.0.1:$1/items" \
        | awk '/Requests\/sec/ {print $2} /Non-2xx/ {print "non-2xx: " $0 > "/dev/stderr"}'
}

echo "## POST /items, wrk -c ${CONNS:-64}, ${DURATION:-10} s per run, ${THREADS:-2} server threads"
echo "| round | without --data (req/s) | with --data (req/s) | ratio |"
echo "|---|---|---|---|"
ratios=()
for round in $(seq "${ROUNDS:-3}"); do
    rm -f "$work"/data.json*
    serve $port; plain=$(post_rps $port); kill %1; wait %1 2>/dev/null || true
    serve $port --data "$work/data.json"; data=$(post_rps $port); kill %1; wait %1 2>/dev/null || true
    ratio=$(python3 -c "print(f'{$data/$plain:.2f}')")
    ratios+=("$ratio")
    echo "| $round | $plain | $data | ${ratio}x |"
done
echo
echo "Median ratio with/without --data: $(printf '%s\n' "${ratios[@]}" | sort -n | sed -n "$(( (${#ratios[@]} + 1) / 2 ))p")x (goal >= 0.5)"
echo "Data file after the last run: $(du -h "$work/data.json" | cut -f1), journal left by a clean stop: $( [ -e "$work/data.json.journal" ] && echo yes || echo none)"

echo
echo "## kill -9 under load, ${KILLS:-20} rounds"
rm -f "$work"/data.json*
python3 - "$portico" "$project" "$work/data.json" "${KILLS:-20}" <<'PY'
import http.client, json, random, signal, subprocess, sys, threading, time
portico, project, data, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
port = 18481
acked, lock = set(), threading.Lock()

def start():
    p = subprocess.Popen([portico, "serve", project, "--port", str(port), "--data", data],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2); c.request("GET", "/items?_limit=1")
            c.getresponse().read(); return p
        except OSError:
            time.sleep(0.02)
    sys.exit("portico did not start")

def client(round_no, worker, stop):
    n = 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    while not stop.is_set():
        name = f"r{round_no}-w{worker}-{n}"; n += 1
        try:
            conn.request("POST", "/items", json.dumps({"name": name, "price": 1}),
                         {"Content-Type": "application/json"})
            r = conn.getresponse(); r.read()
            if r.status == 201:
                with lock: acked.add(name)
        except (OSError, http.client.HTTPException):
            return  # the server was killed mid-request: this one was never acknowledged

lost_total = 0
for round_no in range(rounds + 1):
    p = start()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30); c.request("GET", "/items")
    present = {item.get("name") for item in json.loads(c.getresponse().read())}
    lost = acked - present
    lost_total += len(lost)
    if round_no:
        print(f"round {round_no}: {len(acked)} acknowledged so far, {len(lost)} lost")
    if round_no == rounds:
        p.terminate(); p.wait(); break
    stop = threading.Event()
    threads = [threading.Thread(target=client, args=(round_no, w, stop)) for w in range(16)]
    for t in threads: t.start()
    time.sleep(random.uniform(0.3, 1.5))
    p.send_signal(signal.SIGKILL); p.wait()
    stop.set()
    for t in threads: t.join()
print(f"Lost acknowledged writes over {rounds} kill -9 rounds: {lost_total} (goal 0)")
sys.exit(1 if lost_total else 0)
PY
