#!/usr/bin/env bash
# CI's Windows leg (.ci/run calls it after the Linux tests): cross-build,
# Authenticode signatures of the bundle and installer (osslsigncode verify,
# test certificate), an upgrade over the previous release's installer, the
# non-GUI tests under wine, and the installer's GUI smoke test under wine +
# Xvfb. Skipped, saying why, when the win64 sysroot
# (../shared/windows-sysroot/) is not beside the checkout.
# About 9 minutes on 2 idle cores from scratch (sysroot unpack and wine
# prefixes included); 17 minutes measured on heavily shared cores.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# CI uses the prebuilt sysroot, or one build-sysroot.sh finished earlier in
# the cache; building it here would take most of an hour.
if [ ! -f "$sysroot_tarball" ] && ! sysroot_finished; then
  echo "Windows leg SKIPPED: no win64 sysroot: neither $sysroot_tarball" \
       "(../shared/windows-sysroot/) nor a finished build in $sysroot" \
       "(build-aux/windows/build-sysroot.sh makes one, half an hour or more)."
  exit 0
fi

start=$SECONDS
export DSC_WIN64_BUILD_DIR=${DSC_WIN64_BUILD_DIR:-$top/_build-ci-win64}
build=$DSC_WIN64_BUILD_DIR

log "Windows leg: cross-build and installer"
"$win_dir/cross-build.sh"

log "Windows leg: Authenticode signatures"
mapfile -t signed < <(find "$build/dist/stage" -type f \( -iname '*.exe' -o -iname '*.dll' \) | sort)
"$win_dir/sign.sh" --verify "${signed[@]}" "$build"/dist/dirsync-companion-*-win64-setup.exe
(cd "$build/dist" && sha256sum --quiet -c SHA256SUMS)

log "Windows leg: release workflow and winget manifest"
setup=$(ls "$build"/dist/dirsync-companion-*-win64-setup.exe)
rm -rf "$build/dist/winget"
"$win_dir/winget-manifest.sh" "$setup"
# DSC_WINGET_SCHEMA_DIR: winget-cli's published schemas, when you have them.
python3 "$win_dir/check-release-files.py" "$top/.github/workflows/release.yml" \
  "$build/dist/winget" "$setup" ${DSC_WINGET_SCHEMA_DIR:+"$DSC_WINGET_SCHEMA_DIR"}

log "Windows leg: upgrade over the previous release under wine"
"$win_dir/upgrade-test.sh"

log "Windows leg: tests under wine"
meson test -C "$build" --suite core --suite graph --suite fake --suite platform --suite onprem \
  --num-processes 2 --print-errorlogs --timeout-multiplier 2

# The tray test needs a notification area, which wine only has with a
# display: headless (above) its icon tests skip, so it runs again under Xvfb,
# where DSC_TEST_REQUIRE_TRAY makes a missing icon fail instead. A fresh
# wineserver inside the display (sysroot README, "wine session hygiene").
log "Windows leg: tray test under wine + Xvfb"
/usr/lib/wine/wineserver -k 2>/dev/null || true
/usr/lib/wine/wineserver -w 2>/dev/null || true
DSC_TEST_REQUIRE_TRAY=1 xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  meson test -C "$1" tray-win32 --print-errorlogs --timeout-multiplier 2
  rc=$?
  /usr/lib/wine/wineserver -k 2>/dev/null
  exit $rc' _ "$build"

log "Windows leg: installer smoke test under wine + Xvfb"
SHOT=$build/smoke/windows-demo.png "$win_dir/smoke-test.sh"

echo "Windows leg passed in $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s"
