#!/usr/bin/env bash
# Builds the .deb from a configured build directory and checks what it installs.
set -euo pipefail
build=${1:-build/dev}
cmake --build "$build" -j1 --target portico
(cd "$build" && cpack -G DEB)
deb=$(ls -t "$build"/portico_*.deb | head -1)
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/portico ./usr/share/applications/portico.desktop \
         ./usr/share/icons/hicolor/scalable/apps/portico.svg ./usr/share/metainfo/io.portico.Portico.metainfo.xml \
         ./usr/share/portico/examples/store.yaml; do
    grep -q " $f\$" <<<"$contents" || { echo "missing from $deb: $f" >&2; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for d in libqt6widgets6 libqscintilla2-qt6 qt6-qpa-plugins; do
    grep -q "$d" <<<"$depends" || { echo "$deb does not depend on $d: $depends" >&2; exit 1; }
done
echo "ok: $deb"
echo "Depends: $depends"
