#!/usr/bin/env bash
# The newest-stack leg: builds DirSync Companion and runs its test suite in a
# Debian 13 (trixie) chroot, against the newest GTK, libadwaita, GLib, libsoup,
# json-glib, libsecret and SQLite that Debian ships, so the code behind
# GTK_CHECK_VERSION/ADW_CHECK_VERSION/GLIB_CHECK_VERSION is compiled and tested
# too (Debian 12, the main leg, only sees the old side of those checks).
#
#   build-aux/newest-stack/run.sh [MESON_TEST_ARGS…]
#
# The chroot is made once with debootstrap from deb.debian.org and cached
# outside the checkout, in $DSC_CHROOT_DIR (default
# /var/cache/dirsync-companion/trixie-chroot). A stamp holds the hash of
# packages.txt: editing the list installs the new packages on the next run;
# once a week (or with DSC_NEWEST_REFRESH=1) the chroot is upgraded to the
# newest trixie packages. ccache inside the chroot keeps rebuilds short (its
# hash leaves out the build directory, so every clone and build dir shares it).
#
# The checkout is bind-mounted at /src inside a private mount namespace
# (unshare), so nothing stays mounted when the script ends, however it ends.
# Needs root (debootstrap, chroot); skipped, saying why, without it.
# The build directory is $DSC_NEWEST_BUILD_DIR (default _build-newest, inside
# the checkout); meson's testlog.json there is what .ci/run counts.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
suite=trixie
mirror=${DSC_DEBIAN_MIRROR:-http://deb.debian.org/debian}
chroot_dir=${DSC_CHROOT_DIR:-/var/cache/dirsync-companion/$suite-chroot}
build_rel=${DSC_NEWEST_BUILD_DIR:-_build-newest}
build_rel=${build_rel#"$top"/}
case $build_rel in
  /*|..*) echo "error: DSC_NEWEST_BUILD_DIR must lie inside the checkout ($top)" >&2; exit 1 ;;
esac

log() { printf '== newest stack: %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "newest-stack leg SKIPPED: it needs root (debootstrap, chroot, unshare)."
  exit 0
fi

start=$SECONDS
mkdir -p "$(dirname "$chroot_dir")"
# One run at a time per chroot (a developer's run and CI's may overlap).
exec 9>"$chroot_dir.lock"
flock 9

mapfile -t packages < <(grep -Ev '^\s*(#|$)' "$here/packages.txt")
want_stamp=$(printf '%s\n' "${packages[@]}" | sort | sha256sum | cut -c1-16)

# 1. The base system, once. Made in a temporary directory and moved into
#    place, so an interrupted debootstrap never leaves a half chroot behind.
if [ ! -f "$chroot_dir/.dsc-base" ]; then
  if ! command -v debootstrap >/dev/null; then
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
  fi
  log "debootstrap $suite from $mirror into $chroot_dir (first run only)"
  t0=$SECONDS
  tmp="$chroot_dir.new"
  rm -rf "$tmp"
  debootstrap --variant=minbase "$suite" "$tmp" "$mirror" > "$chroot_dir.debootstrap.log" 2>&1 || {
    tail -n 30 "$chroot_dir.debootstrap.log"; exit 1; }
  # Package installs inside the chroot must not start services.
  printf '#!/bin/sh\nexit 101\n' > "$tmp/usr/sbin/policy-rc.d"
  chmod 755 "$tmp/usr/sbin/policy-rc.d"
  date -u +%s > "$tmp/.dsc-base"
  rm -rf "$chroot_dir"
  mv "$tmp" "$chroot_dir"
  log "base system made in $((SECONDS - t0)) s"
fi

# in_chroot CMD…: runs CMD in the chroot with /proc, /dev and the checkout
# mounted in a private mount namespace (they vanish when it exits).
in_chroot() {
  mkdir -p "$chroot_dir/src"
  unshare --mount --propagation private -- bash -euc '
    root=$1 top=$2; shift 2
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount -t tmpfs tmpfs "$root/tmp"
    mount --bind "$top" "$root/src"
    cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
    exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
      LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive CCACHE_DIR=/var/cache/ccache \
      CCACHE_NOHASHDIR=1 \
      "$@"' _ "$chroot_dir" "$top" "$@"
}

# 2. The packages: installed when the list changed, upgraded once a week.
now=$(date -u +%s)
last_upgrade=$(cat "$chroot_dir/.dsc-upgraded" 2>/dev/null || echo 0)
if [ "$(cat "$chroot_dir/.dsc-packages" 2>/dev/null)" != "$want_stamp" ] ||
   [ $((now - last_upgrade)) -gt $((7 * 86400)) ] || [ "${DSC_NEWEST_REFRESH:-0}" != 0 ]; then
  log "installing/upgrading ${#packages[@]} packages in the chroot"
  t0=$SECONDS
  in_chroot bash -euc '
    apt-get update -qq
    apt-get dist-upgrade -y -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    apt-get clean' _ "${packages[@]}"
  echo "$want_stamp" > "$chroot_dir/.dsc-packages"
  echo "$now" > "$chroot_dir/.dsc-upgraded"
  log "packages ready in $((SECONDS - t0)) s"
fi

# 3. Build and test, the way build-aux/run-tests.sh does on Debian 12: meson
#    test under a private X server; tests start their own session buses,
#    gnome-keyring and notification mock.
status=0
in_chroot bash -euc '
  cd /src
  build=$1; shift
  printf "== newest stack: "
  for m in gtk4 libadwaita-1 glib-2.0 libsoup-3.0 json-glib-1.0 libsecret-1 sqlite3; do
    printf "%s %s  " "$m" "$(pkg-config --modversion "$m")"
  done
  echo
  # A deprecation on the newest stack is an error here: the newer API goes
  # behind a version check instead.
  if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" . -Dc_args=-Werror=deprecated-declarations
  fi
  ninja -C "$build"
  xvfb-run -a -s "-screen 0 1400x900x24" \
    meson test -C "$build" --print-errorlogs --num-processes 2 "$@"' _ "$build_rel" "$@" || status=$?

log "leg done in $((SECONDS - start)) s (status $status)"
exit $status
