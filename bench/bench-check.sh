#!/usr/bin/env bash
# `dirsync-companion --check` against the fake tenant over loopback HTTP, as a
# scheduler runs it: wall time and CPU (user + sys) of each run, and the minimum.
# The fake tenant runs as a separate process (its CPU isn't counted).
#
# Usage: bench/bench-check.sh [BUILD_DIR] [OBJECTS] [ERRORS] [LATENCY_MS] [RUNS] [FORMAT]
#   defaults: _build 10000 5000 50 5 json
set -euo pipefail

build=${1:-_build}
objects=${2:-10000}
errors=${3:-5000}
latency=${4:-50}
runs=${5:-5}
format=${6:-json}

coproc FAKE { exec "$build/src/dsc-fake-graph" --scenario "large:objects=$objects,errors=$errors" \
                   --latency-ms "$latency"; }
trap 'kill "$FAKE_PID" 2>/dev/null || true' EXIT
read -r url <&"${FAKE[0]}"

echo "scenario: large:objects=$objects,errors=$errors, latency $latency ms, --format $format"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
best=
TIMEFORMAT='%R %U %S'
for run in $(seq "$runs"); do
  # The check exits 0-3 by the tenant's health: not a failure of the bench.
  t=$( { time DSC_ACCESS_TOKEN=demo-access-token "$build/src/dirsync-companion" --check \
           --format "$format" --graph-url "$url" >/dev/null 2>&1 || true; } 2>&1 )
  read -r real user sys <<<"$t"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
  printf 'run %d: wall %.3f s, CPU user+sys %.3f s (user %.3f, sys %.3f)\n' "$run" "$real" "$cpu" "$user" "$sys"
  if [ -z "$best" ] || awk -v r="$real" -v b="$best" 'BEGIN { exit !(r < b) }'; then
    best=$real
  fi
done
printf 'minimum wall: %.3f s (target <= 0.40 s at 5 000 errors and 50 ms, unloaded)\n' "$best"
