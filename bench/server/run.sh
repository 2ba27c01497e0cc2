#!/usr/bin/env bash
# Mock-server throughput against its peers, all measured in the same run by bench/harness (wrk on loopback).
# Prints the harness's table, then the ratios the issue sets as goals.
# Portico against the raw QAbstractHttpServer probe is the closest comparison and, on a shared 2-core box,
# the noisiest (one run to the next moves either side by 10 %): those four peers are measured
# BENCH_ROUNDS times (default 3), interleaved, and their ratios use the median of the rounds.
# Usage: bash bench/server/run.sh [BUILD_DIR]   (BENCH_DURATION, BENCH_PEERS etc. pass through to the harness)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build/dev}"
harness="$root/bench/harness"
out="${BENCH_OUT:-$(mktemp -t portico-bench-XXXX.csv)}"
export BENCH_OUT="$out"
export PORTICO="$build/app/portico"
export BENCH_PEERS="${BENCH_PEERS:-qt-probe portico-1t qt-probe-2t portico nginx-2w mockoon}"
export BENCH_CONNS="${BENCH_CONNS:-64 256}"
[ -x "$PORTICO" ] || { echo "build Portico first ($PORTICO not found)" >&2; exit 2; }
bash "$here/needs-wrk.sh"

bash "$harness/run.sh"
csvs=("$out")
qt_pairs=""
for peer in qt-probe portico-1t qt-probe-2t portico; do
    case " $BENCH_PEERS " in *" $peer "*) qt_pairs="$qt_pairs $peer" ;; esac
done
if [ -n "$qt_pairs" ]; then
    for round in $(seq 2 "${BENCH_ROUNDS:-3}"); do
        echo
        echo "## Round $round (c64):$qt_pairs"
        BENCH_OUT="$out.$round" BENCH_PEERS="${qt_pairs# }" BENCH_CONNS=64 BENCH_SKIP_INSTALL=1 bash "$harness/run.sh" \
            | sed -n '/^| Peer | Workload/,/^$/p'
        csvs+=("$out.$round")
    done
fi

echo
echo "## Ratios (same run, c64 unless noted; Qt pairs: median of ${BENCH_ROUNDS:-3} rounds)"
python3 - "${csvs[@]}" <<'PY'
import csv, statistics, sys
rounds = [list(csv.DictReader(open(path))) for path in sys.argv[1:]]
rows = rounds[0]
def rps(peer, wl, c="64"):
    """The median over the rounds that measured it."""
    values = [float(r["rps"]) for round_rows in rounds for r in round_rows
              if r["peer"] == peer and r["workload"] == wl and r["connections"] == c and r["rps"]]
    return statistics.median(values) if values else None
def ratio(label, a, b, goal):
    if a is None or b is None:
        print(f"| {label} | n/a | goal {goal} |"); return
    print(f"| {label} | {a/b:.2f}x ({a:,.0f} / {b:,.0f}) | goal {goal} |")
print("| comparison | ratio | goal |\n|---|---|---|")
for wl in ("get", "post"):
    ratio(f"{wl.upper()} Portico 1 thread / qt-probe 1 thread", rps("portico-1t", wl), rps("qt-probe", wl), ">= 0.80")
    ratio(f"{wl.upper()} Portico 2 threads / qt-probe 2 threads", rps("portico", wl), rps("qt-probe-2t", wl), ">= 0.80")
ratio("GET Portico / Mockoon CLI", rps("portico", "get"), rps("mockoon", "get"), ">= 20")
ratio("GET Portico / nginx return 200 (2 workers)", rps("portico", "get"), rps("nginx-2w", "get"), ">= 0.50")
for r in rows:
    if r["peer"] in ("portico", "portico-1t") and r["connections"] == "256":
        print(f"| {r['peer']} {r['workload']} c256 p99 | {r['p99_ms']} ms | reported |")
for r in rows:
    if r["peer"] == "portico" and r["workload"] == "get" and r["connections"] == "64":
        print(f"| Portico cold start (median) | {r['cold_start_ms_median']} ms | < 50 ms |")
        print(f"| Portico RSS idle / peak | {r['rss_idle_kb']} / {r['rss_peak_kb']} kB | reported |")
PY
echo "(CSV: $out, rounds: $out.*)"
