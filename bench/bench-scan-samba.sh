#!/usr/bin/env bash
# bench-scan-samba.sh — bench-scan against a real Samba AD DC on loopback:
# starts one (tests/onprem/samba-dc.sh), loads N generated objects with
# ldapadd, reads them back over LDAPS with paged results, runs the rules, and
# stops the DC. Prints the load time, then bench-scan's figures.
#
#   bench/bench-scan-samba.sh BUILD_DIR [N]     (default N: 100000; needs root)
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:?usage: $0 BUILD_DIR [N]}
n=${2:-100000}
work=$(mktemp -d "${TMPDIR:-/tmp}/dsc-bench-scan-XXXXXX")
trap '"$top/tests/onprem/samba-dc.sh" stop "$work/dc" >/dev/null 2>&1; rm -rf "$work"' EXIT

"$top/tests/onprem/samba-dc.sh" start "$work/dc" > "$work/dc.env" 2> "$work/dc.log"
. "$work/dc.env"
export LDAPTLS_CACERT=$DC_CA DSC_BENCH_BASE=$DC_BASE
"$build/bench/bench-scan" --ldif-out "$work/load.ldif" "$n"
start=$(date +%s.%N)
ldapadd -H "ldaps://$DC_IP" -x -D "$DC_ADMIN" -w "$DC_PASSWORD" -f "$work/load.ldif" > /dev/null
echo "load      $(echo "$(date +%s.%N) - $start" | bc) s  $n objects with ldapadd (Samba, LMDB backend)"
DSC_BENCH_LDAP_URL=ldaps://$DC_IP DSC_BENCH_BIND_DN=$DC_ADMIN DSC_BENCH_PASSWORD=$DC_PASSWORD \
  DSC_BENCH_BASE="OU=Bench,$DC_BASE" "$build/bench/bench-scan"
