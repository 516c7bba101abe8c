#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and opens the app on the
# built-in demo tenant. Usage: build-aux/run-demo.sh [SCENARIO]
# (scenarios: healthy, sync-errors, stale-sync, … — see --list-scenarios)
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DSC_BUILD_DIR:-$top/_build}
scenario=${1:-sync-errors}

"$top/build-aux/build.sh"
export GSETTINGS_SCHEMA_DIR="$build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
# The translations built in the tree (shown in the desktop's language).
export DSC_LOCALEDIR="$build/po"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No graphical session here (DISPLAY and WAYLAND_DISPLAY are unset)." >&2
  echo "Showing the headless check of the same demo tenant instead:" >&2
  echo >&2
  exec "$build/src/dirsync-companion" --check --demo="$scenario"
fi
exec "$build/src/dirsync-companion" --demo="$scenario"
