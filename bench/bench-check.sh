#!/usr/bin/env bash
# `dirsync-companion --check` against the fake tenant over loopback HTTP, as a
# scheduler runs it: wall time, CPU (user + sys) and the time to the first
# request of each run, and the minimum of each. The fake tenant runs as a
# separate process (its CPU isn't counted).
#
# The time to the first request is from starting the program to the fake
# tenant receiving its first Graph request: process start, loading, options,
# token and settings. The fake tenant logs each request with the time it
# received it (nothing else reads the log while the program runs, so the bench
# takes no CPU from it). Before the runs, `--version` gives the floor for
# starting and ending the process at all.
#
# Usage: bench/bench-check.sh [BUILD_DIR] [OBJECTS] [ERRORS] [LATENCY_MS] [RUNS] [FORMAT]
#   defaults: _build 10000 5000 50 5 json
set -euo pipefail
export LC_ALL=C   # a '.' in $EPOCHREALTIME and in printf's numbers

build=${1:-_build}
objects=${2:-10000}
errors=${3:-5000}
latency=${4:-50}
runs=${5:-5}
format=${6:-json}
program=$build/src/dirsync-companion

tmp=$(mktemp -d)
coproc FAKE { exec "$build/src/dsc-fake-graph" --scenario "large:objects=$objects,errors=$errors" \
                   --latency-ms "$latency" --log "$tmp/requests"; }
trap 'kill "$FAKE_PID" 2>/dev/null || true; rm -rf "$tmp"' EXIT
read -r url <&"${FAKE[0]}"

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }

echo "scenario: large:objects=$objects,errors=$errors, latency $latency ms, --format $format"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
TIMEFORMAT='%R'
best_start=
for run in $(seq "$runs"); do
  t=$( { time "$program" --version >/dev/null; } 2>&1 )
  best_start=$(min "$t" "$best_start")
done
printf 'process start and exit (--version), minimum: %.1f ms\n' "$(awk -v t="$best_start" 'BEGIN { print t * 1000 }')"

best=
best_first=
TIMEFORMAT='%R %U %S'
for run in $(seq "$runs"); do
  start=$EPOCHREALTIME
  # The check exits 0-3 by the tenant's health: not a failure of the bench.
  t=$( { time DSC_ACCESS_TOKEN=demo-access-token "$program" --check \
           --format "$format" --graph-url "$url" >/dev/null 2>&1 || true; } 2>&1 )
  read -r real user sys <<<"$t"
  first=$(awk -v s="$start" '$1 >= s { printf "%.1f", ($1 - s) * 1000; exit }' "$tmp/requests")
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
  printf 'run %d: wall %.3f s, CPU user+sys %.3f s (user %.3f, sys %.3f), first request after %s ms\n' \
    "$run" "$real" "$cpu" "$user" "$sys" "${first:-?}"
  best=$(min "$real" "$best")
  [ -n "$first" ] && best_first=$(min "$first" "$best_first")
done
printf 'minimum time to the first request: %s ms\n' "${best_first:-?}"
printf 'minimum wall: %.3f s (target <= 0.40 s at 5 000 errors and 50 ms, unloaded)\n' "$best"
