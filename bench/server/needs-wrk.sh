#!/usr/bin/env bash
# The load generator of every server benchmark: installs Debian's wrk when it is missing (the peer harness in
# bench/harness installs the peers, not wrk).
set -euo pipefail
command -v wrk >/dev/null && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null
