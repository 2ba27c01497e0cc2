#!/usr/bin/env bash
# Installs everything Portico's build and tests need on Debian 12. Idempotent; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

packages=(
    g++ cmake ninja-build pkg-config git ca-certificates
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev libqscintilla2-qt6-dev libgl-dev
    libyaml-cpp-dev libpcre2-dev
    python3-fastapi python3-uvicorn
    chromium xvfb xauth  # headless browser test of /docs; a real X server for screenshots and bench/gui
    # The package test (ctest -L package): cpack's DEB generator needs dpkg-dev and file; the validators.
    dpkg-dev file desktop-file-utils appstream
    clang-14 libclang-rt-14-dev  # the libFuzzer targets (tools/fuzz.sh)
)
# Node.js may already come from elsewhere (NodeSource bundles npm, and Debian's npm package then conflicts):
# only ask Debian for it when there is no npm at all.
if ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Front-end and test-only packages from npm (ajv ships the 2020-12 meta-schemas and is the benchmark peer).
if [ ! -f tools/npm/node_modules/.portico-installed ] || [ tools/npm/package.json -nt tools/npm/node_modules/.portico-installed ]; then
    npm install --prefix tools/npm --no-audit --no-fund --loglevel=error
    touch tools/npm/node_modules/.portico-installed
fi
