#!/usr/bin/env bash
# Native Windows build, in the MSYS2 UCRT64 shell (https://www.msys2.org/):
#   build-aux/windows/msys2-build.sh [--no-bundle]
# Installs the UCRT64 packages, builds into _build-msys2/, runs the non-GUI
# tests, then bundles the app like the cross build does (bundle.sh, with the
# UCRT64 prefix as the sysroot): _build-msys2/dist/*.zip and *-setup.exe.
set -euo pipefail

if [ "${MSYSTEM:-}" != UCRT64 ]; then
  echo "error: run this from the MSYS2 UCRT64 shell (MSYSTEM=UCRT64)" >&2
  exit 1
fi

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$top/_build-msys2
p=mingw-w64-ucrt-x86_64
pacman -S --needed --noconfirm \
  "$p-gcc" "$p-meson" "$p-ninja" "$p-pkgconf" "$p-gettext" \
  "$p-gtk4" "$p-libadwaita" "$p-libsoup3" "$p-json-glib" "$p-glib-networking" \
  "$p-imagemagick" "$p-nsis" "$p-osslsigncode" openssl zip

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$top" --buildtype=debugoptimized
fi
ninja -C "$build"
meson test -C "$build" --suite core --suite graph --suite fake --suite platform \
  --print-errorlogs

if [ "${1:-}" != --no-bundle ]; then
  DSC_SYSROOT=$MINGW_PREFIX DSC_WIN64_BUILD_DIR=$build OBJDUMP=objdump STRIP=strip \
    "$top/build-aux/windows/bundle.sh"
fi
