#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds, and runs
# `meson test` under a private X server (widget tests need a display).
# Extra arguments go to `meson test` (e.g. --suite core).
#
# Three legs, one closing line "N passed, N failed, N skipped" summing them:
#   1. plain build (_build/)
#   2. the same tests built with AddressSanitizer + UndefinedBehaviorSanitizer
#      (_build-asan/); leaks are errors except in the widget tests (GTK and
#      fontconfig keep caches for the life of the process)
#   3. each libFuzzer target for a short while (build-aux/run-fuzzers.sh), when
#      clang is installed
# For a quick local run: DSC_SKIP_SANITIZERS=1 skips legs 2 and 3,
# DSC_SKIP_FUZZERS=1 only leg 3.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DSC_BUILD_DIR:-$top/_build}
asan_build=${DSC_ASAN_BUILD_DIR:-$build-asan}
fuzz_build=${DSC_FUZZ_BUILD_DIR:-$build-fuzz}

"$top/build-aux/build.sh"

status=0
logs=()
legs=()

leg_start=$SECONDS
xvfb-run -a -s "-screen 0 1400x900x24" \
  meson test -C "$build" --print-errorlogs --num-processes 2 "$@" || status=$?
logs+=("$build/meson-logs/testlog.json")
legs+=("plain: $((SECONDS - leg_start)) s")

if [ "${DSC_SKIP_SANITIZERS:-0}" != "0" ]; then
  echo "sanitizer and fuzzer legs: skipped (DSC_SKIP_SANITIZERS is set)"
else
  leg_start=$SECONDS
  if [ ! -f "$asan_build/build.ninja" ]; then
    meson setup "$asan_build" "$top" -Db_sanitize=address,undefined -Db_lundef=false
  fi
  ninja -C "$asan_build"

  # Fail on the first UB report, with a stack; leaks per the suppressions file
  # (third-party only). Sanitized code is slower: triple the timeouts.
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export LSAN_OPTIONS=suppressions=$top/build-aux/lsan.supp:print_suppressions=0
  asan_common=(-C "$asan_build" --print-errorlogs --num-processes 2 --timeout-multiplier 3)
  rm -f "$asan_build"/meson-logs/asan-*.json

  # Every suite but ui, with leak checking. The slow unwinder sees through
  # libraries built without frame pointers (GLib), so suppressions can match.
  ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
    meson test "${asan_common[@]}" --logbase asan-no-leaks "$@" --no-suite ui || status=$?
  logs+=("$asan_build/meson-logs/asan-no-leaks.json")

  # The ui suite alone (whatever else was selected is excluded), without.
  other_suites=$(meson introspect "$asan_build" --tests | python3 -c '
import json, sys
suites = {s.split(":")[-1] for t in json.load(sys.stdin) for s in t["suite"]}
print(" ".join("--no-suite " + s for s in sorted(suites - {"ui"})))')
  # shellcheck disable=SC2086 # one word per option
  ASAN_OPTIONS=detect_leaks=0 xvfb-run -a -s "-screen 0 1400x900x24" \
    meson test "${asan_common[@]}" --logbase asan-ui "$@" $other_suites || status=$?
  logs+=("$asan_build/meson-logs/asan-ui.json")
  legs+=("sanitizers: $((SECONDS - leg_start)) s")

  if [ "${DSC_SKIP_FUZZERS:-0}" != "0" ]; then
    echo "fuzzers: skipped (DSC_SKIP_FUZZERS is set)"
  else
    leg_start=$SECONDS
    DSC_FUZZ_BUILD_DIR=$fuzz_build "$top/build-aux/run-fuzzers.sh" || status=$?
    logs+=("$fuzz_build/fuzz-results.json")
    legs+=("fuzzers: $((SECONDS - leg_start)) s")
  fi
fi

echo "legs: $(IFS=,; echo "${legs[*]}" | sed 's/,/, /g')"

# One closing line any CI can read, summing every leg that ran.
python3 - "${logs[@]}" <<'PY' || true
import json, os, sys
passed = failed = skipped = 0
for path in sys.argv[1:]:
    if not os.path.exists(path):
        continue   # a leg with no selected tests, or skipped (clang missing)
    for line in open(path):
        r = json.loads(line).get("result")
        if r in ("OK", "EXPECTEDFAIL"): passed += 1
        elif r == "SKIP": skipped += 1
        else: failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
