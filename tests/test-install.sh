#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the build into a temporary DESTDIR and checks that every file lands
# where the desktop (and Flatpak, which installs the same tree under /app)
# looks for it. TAP output; the installed tree is printed as comments.
#
# usage: test-install.sh MESON BUILD_DIR PREFIX BINDIR DATADIR LOCALEDIR WITH_GTK
#   BINDIR, DATADIR and LOCALEDIR are absolute (prefix already joined);
#   WITH_GTK is "true" when the desktop app is built.
set -u

if [ $# -ne 7 ]; then
  echo "usage: $0 MESON BUILD_DIR PREFIX BINDIR DATADIR LOCALEDIR WITH_GTK" >&2
  exit 2
fi
meson=$1 build_dir=$2 prefix=$3 bindir=$4 datadir=$5 localedir=$6 with_gtk=$7
app_id=io.github.taizhang.Taizhang

dest=$(mktemp -d "${TMPDIR:-/tmp}/taizhang-install.XXXXXX") || exit 1
trap 'rm -rf "$dest"' EXIT INT TERM

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { # check DESCRIPTION COMMAND…
  what=$1; shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}
installed() { # installed PATH [executable]: a non-empty file under DESTDIR
  if [ "${2:-}" = executable ]; then
    check "$1 is installed and executable" test -s "$dest$1" -a -x "$dest$1"
  else
    check "$1 is installed" test -s "$dest$1"
  fi
}

# meson install prints its progress on stdout: keep it out of the TAP stream.
log=$dest.log
if "$meson" install -C "$build_dir" --destdir "$dest" --no-rebuild >"$log" 2>&1; then
  ok "meson install --destdir succeeds"
else
  not_ok "meson install --destdir succeeds"
  sed 's/^/# /' "$log"
  rm -f "$log"
  echo "1..$n"
  exit 1
fi
rm -f "$log"

echo "# installed under $dest$prefix:"
(cd "$dest" && find . \( -type f -o -type l \) | LC_ALL=C sort | sed 's/^\./# /')

installed "$bindir/taizhang-cli" executable

schema=$datadir/glib-2.0/schemas/$app_id.gschema.xml
installed "$schema"
check "the settings schema compiles (glib-compile-schemas --strict)" \
  glib-compile-schemas --strict --dry-run "$dest$datadir/glib-2.0/schemas"

installed "$localedir/zh_CN/LC_MESSAGES/taizhang.mo"

set -- "$dest$datadir"/taizhang/samples/*.txt
check "sample reports are installed in $datadir/taizhang/samples" test -s "$1"

if [ "$with_gtk" = true ]; then
  installed "$bindir/taizhang" executable

  desktop=$datadir/applications/$app_id.desktop
  installed "$desktop"
  check "the desktop file is translated (Name[zh_CN])" \
    grep -q '^Name\[zh_CN\]=' "$dest$desktop"
  check "the desktop file starts taizhang with files (Exec=taizhang %F)" \
    grep -qx 'Exec=taizhang %F' "$dest$desktop"
  if command -v desktop-file-validate >/dev/null 2>&1; then
    check "the installed desktop file validates" desktop-file-validate "$dest$desktop"
  fi

  metainfo=$datadir/metainfo/$app_id.metainfo.xml
  installed "$metainfo"
  check "the metainfo is translated (xml:lang=\"zh_CN\")" \
    grep -q 'xml:lang="zh_CN"' "$dest$metainfo"

  installed "$datadir/icons/hicolor/scalable/apps/$app_id.svg"
  installed "$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
  check "the desktop file names the installed icon" \
    grep -qx "Icon=$app_id" "$dest$desktop"
else
  echo "# the desktop app is not built (-Dgtk=disabled): desktop files not checked"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
