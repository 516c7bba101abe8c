# Sourced by the scripts in build-aux/windows/: shared paths and helpers.
# Not executable on its own.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
win_dir=$top/build-aux/windows
build=${DSC_WIN64_BUILD_DIR:-$top/_build-win64}
shared=${DSC_SHARED_DIR:-$(cd "$top/.." && pwd)/shared}
sysroot_tarball=$shared/windows-sysroot/win64-gtk4-sysroot.tar.xz
# Outside the checkout: unpacked once, reused by every build directory.
cache=${XDG_CACHE_HOME:-$HOME/.cache}/dirsync-companion
# The GTK stack to link and bundle: the unpacked cross sysroot, or on MSYS2
# the UCRT64 prefix (msys2-build.sh sets DSC_SYSROOT=$MINGW_PREFIX).
sysroot=${DSC_SYSROOT:-$cache/win64-sysroot}
# A finished stack in the cache: built by build-sysroot.sh (.complete), or
# unpacked from the prebuilt tarball by an earlier run (.dsc-unpacked), which
# stays usable when the tarball is no longer beside the checkout.
sysroot_finished() { [ -f "$sysroot/.complete" ] || [ -f "$sysroot/.dsc-unpacked" ]; }
wine_run=("$win_dir/wine-run.sh" "--sysroot=$sysroot")
# wine prefixes of this checkout (tests, smoke test, upgrade test): one per
# checkout, so runs from other clones on the same machine never share a
# wineserver (one that outlived another display breaks CreateWindowExW).
wine_prefixes=$top/_build-wine
export WINEPREFIX=${WINEPREFIX:-$wine_prefixes/tests}

log() { printf '== %s\n' "$*"; }

# ensure_packages PKG…: apt-get installs the missing ones (root or sudo).
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  local apt_get=(apt-get)
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "error: missing packages, and installing them needs root: ${missing[*]}" >&2
      return 1
    fi
    apt_get=(sudo apt-get)
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq --no-install-recommends \
    "${missing[@]}"
}

# Everything the Windows leg uses: cross compiler, native GLib tools for the
# build, wine for tests, installer and icon tools, Xvfb for the smoke test.
windows_host_packages=(
  gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64
  meson ninja-build pkg-config gettext xz-utils
  libglib2.0-bin libglib2.0-dev-bin libgtk-4-bin
  wine64 fonts-wine
  icoutils nsis zip osslsigncode openssl python3-yaml
  xvfb xauth imagemagick xdotool
)
