#!/usr/bin/env bash
# GUI figures of the real portico binary, against the goals: a cold start to a shown window under 0.5 s,
# a 500-endpoint / 300-model document opened (loaded, checked, project tree built) under 1 s, and the
# resident memory with it open and idle under 150 MB. Median of RUNS runs (default 5) each, under
# QT_QPA_PLATFORM=offscreen and, when xvfb-run is installed, on an X server (xcb). Not part of ctest; it
# builds nothing (the binary's PORTICO_EXIT_AFTER_SHOWN hook reports the times, see ui/workbench.h).
#
#     bash bench/gui/run.sh [BUILD_DIR]        (default build/dev; RUNS=N)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-$root/build/dev}" && pwd)"
portico="$build/app/portico"
runs=${RUNS:-5}
[ -x "$portico" ] || { echo "no $portico: build it first (cmake --build $build --target portico)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A fresh profile: no recent files, saved window state or recovered work from the user's, and none left behind.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
export XDG_RUNTIME_DIR="$work/runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

python3 "$here/generate-project.py" "$work/large.json" --endpoints 500 --models 300
"$portico" format "$work/large.json" -o "$work/large.yaml"
echo "document: 500 endpoints, 300 models; $(du -k "$work/large.json" | cut -f1) KB as JSON, $(du -k "$work/large.yaml" | cut -f1) KB as YAML"

# One run: the app's `portico-bench: KEY=VALUE` lines, plus rss-mb read from /proc one second after the
# window was shown. The app stays up 1.5 s after showing, then quits by itself.
run_once() {
    local log="$work/run.log"
    : >"$log"
    PORTICO_EXIT_AFTER_SHOWN=1500 "$@" >"$log" 2>"$work/stderr.log" &
    local launcher=$! pid="" i
    for i in $(seq 300); do
        pid=$(sed -n 's/^portico-bench: pid=//p' "$log")
        [ -n "$pid" ] && break
        sleep 0.1
    done
    if [ -n "$pid" ]; then
        sleep 1
        awk '/^VmRSS:/ { printf "portico-bench: rss-mb=%.0f\n", $2 / 1024 }' "/proc/$pid/status" >>"$log" || true
    fi
    wait "$launcher" || { echo "portico failed:" >&2; cat "$work/stderr.log" >&2; exit 1; }
    cat "$log"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else print v[int((NR + 1) / 2)] }'; }

# measure PLATFORM CASE FILE COMMAND...: RUNS runs; the medians go to $work/results.
measure() {
    local platform=$1 case=$2 file=$3
    shift 3
    local all="$work/all.log"
    : >"$all"
    for _ in $(seq "$runs"); do
        if [ -n "$file" ]; then run_once "$@" "$portico" "$file"; else run_once "$@" "$portico"; fi >>"$all"
    done
    for key in shown-since-process-start-ms open-ms rss-mb tree-endpoints tree-models; do
        local value
        value=$(sed -n "s/^portico-bench: $key=//p" "$all" | median)
        if [ "$value" != "-" ]; then echo "$platform $case $key $value" >>"$work/results"; fi
    done
}

: >"$work/results"
platforms=(offscreen)
measure offscreen "empty" "" env QT_QPA_PLATFORM=offscreen
measure offscreen "large.json" "$work/large.json" env QT_QPA_PLATFORM=offscreen
measure offscreen "large.yaml" "$work/large.yaml" env QT_QPA_PLATFORM=offscreen
if command -v xvfb-run >/dev/null; then
    platforms+=(xcb)
    measure xcb "empty" "" xvfb-run -a -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb
    measure xcb "large.json" "$work/large.json" xvfb-run -a -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb
    measure xcb "large.yaml" "$work/large.yaml" xvfb-run -a -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb
else
    echo "xvfb-run is not installed (Debian: xvfb): offscreen only"
fi

verdict() { awk -v v="$1" -v g="$2" 'BEGIN { print (v + 0 < g + 0) ? "ok" : "OVER" }'; }
echo
printf "%-10s %-12s %-34s %9s %9s  %s\n" platform document figure "median" goal ""
while read -r platform case key value; do
    case $key in
    shown-since-process-start-ms) label="process start -> window shown (ms)"; goal=$([ "$case" = empty ] && echo 500 || echo "") ;;
    open-ms) label="open: load, checks, tree (ms)"; goal=1000 ;;
    rss-mb) label="RSS, idle 1 s after shown (MB)"; goal=$([ "$case" = empty ] && echo "" || echo 150) ;;
    tree-endpoints) label="endpoints in the project tree"; goal="" ;;
    tree-models) label="models in the project tree"; goal="" ;;
    esac
    if [ -n "$goal" ]; then
        printf "%-10s %-12s %-34s %9s %9s  %s\n" "$platform" "$case" "$label" "$value" "< $goal" "$(verdict "$value" "$goal")"
    else
        printf "%-10s %-12s %-34s %9s\n" "$platform" "$case" "$label" "$value"
    fi
done <"$work/results"
echo "(median of $runs runs each; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
