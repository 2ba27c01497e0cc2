#!/usr/bin/env bash
# Checks the Debian package of a built tree: what it installs, what it depends on, that its desktop entry and
# AppStream metadata validate, and that the packaged binary runs. Builds nothing: without a .deb given, cpack
# packages the tree as built (into a temporary directory, leaving the build directory untouched).
# Installs nothing either. The ctest test `package/deb` runs it.
#
#     packaging/check-deb.sh BUILD_DIR [DEB]
set -euo pipefail
build=$(cd "${1:?usage: check-deb.sh BUILD_DIR [DEB]}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

binary="$build/app/portico"
[ -x "$binary" ] || fail "portico is not built in $build"
if [ $# -ge 2 ]; then
    deb=$2
else
    cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 \
        || { cat "$work/cpack.log" >&2; fail "cpack could not package $build"; }
    deb=$(ls "$work"/out/portico_*.deb)
fi
echo "package: $deb"

# What it installs.
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/portico ./usr/share/applications/portico.desktop \
         ./usr/share/metainfo/io.portico.Portico.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/portico.svg ./usr/share/portico/examples/store.yaml; do
    grep -q " $f\$" <<<"$contents" || fail "$f is not in the package"
done

# What it depends on: the Debian 12 runtime packages of the libraries it links (named explicitly here, so a
# rename shows up), then every library the binary really needs, looked up with dpkg -S.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
names=$(tr ',' '\n' <<<"$depends" | sed -E 's/^ *([^ ]+).*/\1/')
has() { grep -qx "$1" <<<"$names"; }
for p in libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6httpserver6 libqt6websockets6 \
         libyaml-cpp0.7 libqscintilla2-qt6-15 libpcre2-16-0 qt6-qpa-plugins; do
    has "$p" || fail "Depends does not name $p"
done
for lib in $(objdump -p "$binary" | awk '/NEEDED/ { print $2 }'); do
    # The copy the dynamic loader picks; with the merged /usr, dpkg knows it under /lib or /usr/lib.
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|64bit/ && !found { print $NF; found = 1 }') # no early exit: SIGPIPE under pipefail
    [ -n "$path" ] || fail "the loader cannot find $lib, which portico links"
    owner=""
    for candidate in "$path" "${path#/usr}" "/usr${path#/usr}"; do
        owner=$(dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$owner" ] && break
    done
    [ -n "$owner" ] || fail "no Debian package owns $path ($lib)"
    has "$owner" || fail "portico links $lib from $owner, which Depends does not name"
done
grep -q -- '-dev\b' <<<"$names" && fail "Depends names a -dev package"

# The files themselves.
dpkg-deb -x "$deb" "$work/root"
version=$(dpkg-deb -f "$deb" Version)
out=$("$work/root/usr/bin/portico" --version)
[ "$out" = "portico $version" ] || fail "the packaged binary says '$out', the package is $version"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$work/root/usr/share/applications/portico.desktop" || fail "desktop entry"
    echo "desktop entry: valid"
else
    echo "SKIP: desktop-file-validate is not installed (tools/setup.sh installs desktop-file-utils)"
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$work/root/usr/share/metainfo/io.portico.Portico.metainfo.xml" || fail "AppStream metadata"
else
    echo "SKIP: appstreamcli is not installed (tools/setup.sh installs appstream)"
fi
echo "ok: $(basename "$deb"), $(dpkg-deb -f "$deb" Installed-Size) KiB installed"
