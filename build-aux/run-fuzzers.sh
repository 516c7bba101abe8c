#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang, ASan and UBSan in
# _build-fuzz/ and runs each for a bounded time from its committed seeds.
# A crash leaves its input in _build-fuzz/crashes/<target>/ and fails the run.
#
#   build-aux/run-fuzzers.sh                 # every target, 20 s each
#   DSC_FUZZ_SECONDS=600 build-aux/run-fuzzers.sh time fake-query
#   build-aux/run-fuzzers.sh --regenerate-seeds   # rewrite tests/fuzz/corpus/
#
# Prints one closing line "fuzzers: N passed, N failed" (N = targets).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DSC_FUZZ_BUILD_DIR:-$top/_build-fuzz}
seconds=${DSC_FUZZ_SECONDS:-20}
corpus=$top/tests/fuzz/corpus

rm -f "$build/fuzz-results.json"
if ! command -v clang >/dev/null 2>&1; then
  echo "fuzzers: skipped (clang is not installed; see build-aux/debian-packages.txt)"
  exit 0
fi

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$top" -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi

if [ "${1:-}" = "--regenerate-seeds" ]; then
  ninja -C "$build" tests/fuzz/fuzz-gen-seeds
  rm -rf "$corpus"/{batch-response,connect-versions,domains,error-page,graph-error} \
         "$corpus"/{holder-page,organization,organization-beta,snapshot-json} \
         "$corpus"/{sync-accounts,sync-apps,sync-settings} \
         "$corpus"/{cloud-sync-configs,cloud-sync-jobs,cloud-sync-agents,provisioning-log}
  "$build/tests/fuzz/fuzz-gen-seeds" "$corpus" "$top/data"
  echo "seeds written to $corpus (hand-written ones in time/, fake-query/, service-health/, json/ kept)"
  exit 0
fi

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=(organization organization-beta sync-settings domains sync-accounts sync-apps
           service-health error-page holder-page batch-response json graph-error snapshot-json
           connect-versions time fake-query oauth-tokens onprem-rules
           cloud-sync-configs cloud-sync-jobs cloud-sync-agents provisioning-log)
fi

ninja -C "$build" $(printf 'tests/fuzz/fuzz-%s ' "${targets[@]}")

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/build-aux/lsan.supp:print_suppressions=0}

passed=0
failed=0
results=$build/fuzz-results.json   # meson's testlog format, for run-tests.sh
for t in "${targets[@]}"; do
  work=$build/fuzz-work/$t      # new inputs found this run (not committed)
  crashes=$build/crashes/$t
  mkdir -p "$work" "$crashes" "$corpus/$t"
  start=$SECONDS
  # -max_len: Graph pages are large, but the parsers' logic is reached well
  # within 64 KiB; -timeout: any single input slower than 10 s is a hang.
  if "$build/tests/fuzz/fuzz-$t" "$work" "$corpus/$t" \
       -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$crashes/" -print_final_stats=1 \
       >"$build/fuzz-work/$t.log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz-work/$t.log")
    echo "fuzz-$t: ok (${runs:-?} inputs in $((SECONDS - start)) s)"
    passed=$((passed + 1))
    echo "{\"name\": \"fuzz-$t\", \"result\": \"OK\"}" >>"$results"
  else
    echo "fuzz-$t: FAILED — input in $crashes/, log $build/fuzz-work/$t.log"
    grep -E "^(==[0-9]+==ERROR|SUMMARY|.*runtime error)" "$build/fuzz-work/$t.log" | head -5 || true
    failed=$((failed + 1))
    echo "{\"name\": \"fuzz-$t\", \"result\": \"FAIL\"}" >>"$results"
  fi
done

echo "fuzzers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
