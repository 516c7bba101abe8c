#!/usr/bin/env bash
# Configures (once) and builds DirSync Companion in _build/.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DSC_BUILD_DIR:-$top/_build}

"$top/build-aux/install-deps.sh"
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$top" "$@"
fi
ninja -C "$build"
