#!/usr/bin/env bash
# Screenshots of the real program on the demo tenant, in English and German,
# each under a private X server of exactly the shot's size.
#
#   build-aux/screenshots.sh                the data/screenshots/truth-*.png set:
#       truth-{healthy,sync-disabled,not-global-admin,large}-{en,de}.png at
#       1024×700, and truth-{healthy,large}-{en,de}-1920.png at 1920×1080
#   build-aux/screenshots.sh --review DIR   every category pane of those
#       scenarios (and the affected objects of "large"), both sizes, both
#       languages, into DIR: to read every pane for wording and layout
#
# German needs the de_DE.UTF-8 locale. It is compiled into the build tree
# (_build/po/de_DE.UTF-8: glibc's localedef with Debian's "locales" package)
# and used through LOCPATH, so nothing changes system-wide.
# Needs xdotool and ImageMagick's import (installed when missing, as root or
# with sudo). Runs nice -n 10: it is not urgent.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DSC_BUILD_DIR:-$top/_build}
out=$top/data/screenshots
review=
if [ "${1:-}" = "--review" ]; then
  review=${2:?usage: build-aux/screenshots.sh [--review DIR]}
  mkdir -p "$review"
  out=$(cd "$review" && pwd)
fi

missing=()
for pkg in xdotool imagemagick locales xvfb xauth dbus libglib2.0-bin; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt_get=(apt-get)
  [ "$(id -u)" -eq 0 ] || apt_get=(sudo apt-get)
  echo "Installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq --no-install-recommends \
    "${missing[@]}"
fi

nice -n 10 "$top/build-aux/build.sh"
if ! nice -n 10 ninja -C "$build" po/de_DE.UTF-8 >/dev/null; then
  echo "error: could not build the German locale (ninja -C $build po/de_DE.UTF-8);" \
       "is the locales package installed? Then run: meson setup --reconfigure $build" >&2
  exit 1
fi

export DSC_PROGRAM=$build/src/dirsync-companion
export GSETTINGS_SCHEMA_DIR=$build/data

# run SIZE JOB…: one private X server and session bus for a batch of shots.
run() {
  local size=$1
  shift
  nice -n 10 xvfb-run -a -s "-screen 0 ${size}x24" \
    dbus-run-session -- python3 "$top/build-aux/screenshots.py" \
      "$size" "$build/po" "$build/po" "$@"
}

if [ -z "$review" ]; then
  for lang in en de; do
    run 1024x700 \
      "$out/truth-healthy-$lang.png:healthy:$lang" \
      "$out/truth-sync-disabled-$lang.png:sync-disabled:$lang" \
      "$out/truth-not-global-admin-$lang.png:not-global-admin:$lang" \
      "$out/truth-large-$lang.png:large:$lang:object-errors:objects"
    run 1920x1080 \
      "$out/truth-healthy-$lang-1920.png:healthy:$lang" \
      "$out/truth-large-$lang-1920.png:large:$lang:object-errors:objects"
  done
  exit 0
fi

categories=$(XDG_DATA_HOME=$(mktemp -d) "$DSC_PROGRAM" --check --demo --format json | python3 -c '
import json, sys
print(",".join(c["id"] for c in json.load(sys.stdin)["categories"]))')
for size in 1024x700 1920x1080; do
  for lang in en de; do
    jobs=()
    for scenario in healthy sync-errors sync-disabled not-global-admin large; do
      jobs+=("$out/$scenario-$lang-$size.png:$scenario:$lang")
      jobs+=("$out/$scenario-$lang-$size.png:$scenario:$lang:$categories")
    done
    jobs+=("$out/sync-errors-$lang-$size-objects.png:sync-errors:$lang:object-errors:objects")
    jobs+=("$out/large-$lang-$size-objects.png:large:$lang:object-errors:objects")
    run "$size" "${jobs[@]}"
  done
done
