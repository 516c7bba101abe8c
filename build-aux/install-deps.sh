#!/usr/bin/env bash
# Installs whatever Debian packages DirSync Companion needs and this machine
# lacks (list: build-aux/debian-packages.txt). Safe to run again: it does
# nothing when everything is there.
#   build-aux/install-deps.sh            # install what is missing
#   build-aux/install-deps.sh --missing  # only name what is missing, one a line
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mapfile -t wanted < <(grep -Ev '^\s*(#|$)' "$here/debian-packages.txt")

missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ "${1:-}" = "--missing" ]; then
  [ ${#missing[@]} -eq 0 ] || printf '%s\n' "${missing[@]}"
  exit 0
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing missing packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  apt_get=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
  apt_get=(sudo apt-get)
else
  echo "error: these packages are missing and installing them needs root:" >&2
  echo "  ${missing[*]}" >&2
  echo "Run this script as root, or install them with:" >&2
  echo "  su -c 'apt-get update && apt-get install ${missing[*]}'" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${apt_get[@]}" update -qq
"${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}"
