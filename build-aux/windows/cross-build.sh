#!/usr/bin/env bash
# Cross-builds DirSync Companion for Windows x86_64 on Debian 12 against a
# win64 GTK 4 sysroot, then bundles it: a signed portable .zip and a signed
# NSIS installer in _build-win64/dist/, with their SHA-256 sums.
#
#   build-aux/windows/cross-build.sh [--no-bundle] [MESON_SETUP_ARGS…]
#
# The sysroot lives in ${XDG_CACHE_HOME:-~/.cache}/dirsync-companion/win64-sysroot.
# It is unpacked there once from ../shared/windows-sysroot/ when that
# prebuilt tarball is beside the checkout (the fast path); otherwise
# build-sysroot.sh builds it there from Debian's sources — about half an hour
# on 2 idle cores the first time, well over an hour on busy ones (README,
# "Windows"), then reused. Installs missing host packages,
# configures _build-win64 once (DSC_WIN64_BUILD_DIR overrides) and builds it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

bundle=1
if [ "${1:-}" = --no-bundle ]; then
  bundle=0
  shift
fi

ensure_packages "${windows_host_packages[@]}"

# 1. The sysroot. Built from source when there is no prebuilt tarball (and no
#    finished stack from an earlier run).
if [ ! -f "$sysroot_tarball" ] && [ -z "${DSC_SYSROOT:-}" ] && ! sysroot_finished; then
  log "no prebuilt sysroot ($sysroot_tarball): building the win64 GTK stack" \
      "from Debian's sources into $sysroot (once; half an hour to over an hour on" \
      "2 cores; run this again to resume after an interruption)"
  DSC_SYSROOT_PREFIX=$sysroot "$win_dir/build-sysroot.sh"
  [ -f "$sysroot/.complete" ] || { echo "error: the sysroot build did not finish" >&2; exit 1; }
fi

# The prebuilt tarball, unpacked once. A stamp names the tarball it came
# from, so a new tarball replaces the old tree; the .pc files name
# /opt/win64-sysroot, and rewriting their prefix= line relocates them
# (sysroot README, 1.).
stamp=$sysroot/.dsc-unpacked
want=$(stat -c '%s %Y' "$sysroot_tarball" 2>/dev/null || true)
if [ -n "$want" ] && [ -z "${DSC_SYSROOT:-}" ] && [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "unpacking the win64 sysroot to $sysroot"
  mkdir -p "$cache"
  tmp=$(mktemp -d "$cache/unpack.XXXXXX")
  tar -C "$tmp" -xJf "$sysroot_tarball"
  sed -i "s|^prefix=.*|prefix=$sysroot|" "$tmp"/win64-sysroot/lib/pkgconfig/*.pc
  echo "$want" > "$tmp/win64-sysroot/.dsc-unpacked"
  rm -rf "$sysroot"
  mv "$tmp/win64-sysroot" "$sysroot"
  rmdir "$tmp"
fi

# 2. The machine file with this machine's paths; the cross file itself is
#    checked in (build-aux/windows/cross-mingw64.ini). One per checkout: meson
#    re-reads it on every reconfigure, so another clone (CI's) must not
#    rewrite this one's wine wrapper path.
paths_ini=$cache/sysroot-paths-$(printf '%s' "$top" | md5sum | cut -c1-12).ini
cat > "$paths_ini.tmp" <<INI
# Written by build-aux/windows/cross-build.sh
[constants]
sysroot = '$sysroot'
wine_wrapper = '$win_dir/wine-run.sh'
INI
mv "$paths_ini.tmp" "$paths_ini"

# 3. Configure once, build.
if [ ! -f "$build/build.ninja" ]; then
  log "configuring $build"
  meson setup "$build" "$top" \
    --cross-file "$paths_ini" --cross-file "$win_dir/cross-mingw64.ini" \
    --buildtype=debugoptimized "$@"
fi
log "building"
ninja -C "$build" -j "${DSC_JOBS:-2}"

# 4. Portable .zip and NSIS installer.
if [ $bundle -eq 1 ]; then
  "$win_dir/bundle.sh"
fi
