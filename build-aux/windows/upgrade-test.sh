#!/usr/bin/env bash
# Upgrade-in-place test of the Windows installer under wine (no display
# needed; every install is silent):
#  1. builds the previous release's installer — installer.nsi as it was at
#     $DSC_UPGRADE_FROM (default 400a39e, version 0.1.0) around the same
#     bundle — and installs it with /AUTOSTART=1 into a fresh wine prefix;
#  2. leaves user data the way the app does: profiles.json and
#     history.sqlite in %LOCALAPPDATA%\dirsync-companion, a setting under
#     HKCU\Software\GSettings\io\github\DirSyncCompanion, a saved sign-in in
#     the Credential Manager (DirSyncCompanion/…, through cred-probe.c);
#  3. installs the new build silently over it and checks the data, the
#     setting and the start-at-sign-in value (now pointing at the new
#     program) are all still there, the uninstall entry shows the new
#     version, and the installed uninstaller's signature verifies;
#  4. uninstalls silently: the program and its Run value go, the user data
#     stays; installs again and uninstalls with /PURGE=1: the data goes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

from=${DSC_UPGRADE_FROM:-400a39e}
from_version=${DSC_UPGRADE_FROM_VERSION:-0.1.0}
dist=$build/dist
work=$build/upgrade
new_setup=$(ls "$dist"/dirsync-companion-*-win64-setup.exe 2>/dev/null | tail -n 1)
[ -n "$new_setup" ] || { echo "error: no installer in $dist; run cross-build.sh" >&2; exit 1; }
version=$(sed -n "s/^  version: '\(.*\)',$/\1/p" "$top/meson.build")

ensure_packages wine64 nsis
export WINEPREFIX=$wine_prefixes/upgrade
wine=("$win_dir/wine-run.sh" --sysroot=)
wineserver=/usr/lib/wine/wineserver
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. The old installer, from the old script and today's bundle.
rm -rf "$work"
mkdir -p "$work"
if ! git -C "$top" show "$from:build-aux/windows/installer.nsi" > "$work/old-installer.nsi" 2>/dev/null
then
  echo "Upgrade test SKIPPED: commit $from is not in this clone (shallow?)."
  exit 0
fi
old_setup=$work/dirsync-companion-$from_version-win64-setup.exe
log "building the $from_version installer (installer.nsi of $from)"
# zlib instead of the release's solid LZMA: the same installer, built 3× faster.
makensis -V1 -NOCD '-XSetCompressor /FINAL zlib' -DVERSION="$from_version" -DSTAGE="$dist/stage" \
  -DICON="$build/src/io.github.DirSyncCompanion.ico" -DLICENSE="$top/LICENSE" \
  -DOUTFILE="$old_setup" "$work/old-installer.nsi"

"$wineserver" -k 2>/dev/null || true
rm -rf "$WINEPREFIX" "$WINEPREFIX.lock"
log "installing $from_version with start at sign-in"
"${wine[@]}" "$old_setup" /S /AUTOSTART=1
"$wineserver" -w

reg_value() {  # reg_value KEY VALUE: the data, or nothing
  "${wine[@]}" reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' |
    sed -n "s/^ *$2 *REG_[A-Z]* *//p"
}
run_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Run'
uninst_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\io.github.DirSyncCompanion'
settings_key='HKCU\Software\GSettings\io\github\DirSyncCompanion'
old_run=$(reg_value "$run_key" "DirSync Companion")
[ -n "$old_run" ] || fail "the $from_version installer did not set the Run value"
[ "$(reg_value "$uninst_key" DisplayVersion)" = "$from_version" ] ||
  fail "the $from_version install has no uninstall entry of that version"

# 2. User data, where and how the app keeps it.
localappdata=$("${wine[@]}" cmd /c echo %LOCALAPPDATA% 2>/dev/null | tr -d '\r')
data=$("${wine[@]}" winepath -u "$localappdata\\dirsync-companion" 2>/dev/null | tr -d '\r')
mkdir -p "$data"
echo '{"profiles":[{"name":"Contoso (upgrade test)"}]}' > "$data/profiles.json"
printf 'history kept %s\n' "$from_version" > "$data/history.sqlite"
"${wine[@]}" reg add "$settings_key" /v refresh-minutes /t REG_SZ /d "uint32 42" /f >/dev/null
x86_64-w64-mingw32-gcc -municode -O2 -o "$work/cred-probe.exe" "$win_dir/cred-probe.c" -ladvapi32
cred=DirSyncCompanion/upgrade-test@contoso.example
"${wine[@]}" "$work/cred-probe.exe" add "$cred"
has_cred() { "${wine[@]}" "$work/cred-probe.exe" has "$cred"; }
sums=$(cd "$data" && sha256sum profiles.json history.sqlite)

# 3. The new build over it.
log "installing $(basename "$new_setup") over it"
"${wine[@]}" "$new_setup" /S
"$wineserver" -w
[ "$(cd "$data" && sha256sum profiles.json history.sqlite)" = "$sums" ] ||
  fail "profiles or history changed during the upgrade"
[ "$(reg_value "$settings_key" refresh-minutes)" = "uint32 42" ] ||
  fail "the setting under $settings_key was lost"
has_cred || fail "the saved sign-in was lost"
new_run=$(reg_value "$run_key" "DirSync Companion")
[ -n "$new_run" ] || fail "start at sign-in was switched off by the upgrade"
[ "$(reg_value "$uninst_key" DisplayVersion)" = "$version" ] ||
  fail "the uninstall entry does not show version $version"
instdir=$("${wine[@]}" winepath -u "$(reg_value "$uninst_key" InstallLocation)" | tr -d '\r')
exe=$("${wine[@]}" winepath -u "$(sed 's/^"\([^"]*\)".*/\1/' <<< "$new_run")" | tr -d '\r')
[ -f "$exe" ] || fail "the Run value ($new_run) names no program"
echo "   kept: profiles, history, setting, saved sign-in, start at sign-in ($new_run)"
"$win_dir/sign.sh" --verify "$instdir/Uninstall.exe" "$exe"

# 4. Uninstall keeps user data unless asked.
log "uninstalling silently (user data stays)"
"${wine[@]}" "$instdir/Uninstall.exe" /S
"$wineserver" -w
[ ! -e "$exe" ] || fail "the uninstaller left the program"
[ -z "$(reg_value "$run_key" "DirSync Companion")" ] || fail "the uninstaller left the Run value"
[ "$(cd "$data" && sha256sum profiles.json history.sqlite)" = "$sums" ] ||
  fail "a silent uninstall removed user data"
[ "$(reg_value "$settings_key" refresh-minutes)" = "uint32 42" ] ||
  fail "a silent uninstall removed the settings"
has_cred || fail "a silent uninstall removed the saved sign-in"

log "installing again, uninstalling with /PURGE=1 (user data goes)"
"${wine[@]}" "$new_setup" /S
"$wineserver" -w
[ -z "$(reg_value "$run_key" "DirSync Companion")" ] ||
  fail "a fresh install switched start at sign-in on"
"${wine[@]}" "$instdir/Uninstall.exe" /S /PURGE=1
"$wineserver" -w
[ ! -e "$data" ] || fail "/PURGE=1 left $data"
"${wine[@]}" reg query "$settings_key" >/dev/null 2>&1 && fail "/PURGE=1 left $settings_key"
has_cred && fail "/PURGE=1 left the saved sign-in $cred"
log "upgrade test passed"
