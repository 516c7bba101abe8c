#!/usr/bin/env bash
# test-scan-samba.sh — `dirsync-companion --scan` (the real program) against a
# real Samba AD DC on loopback, seeded with samba-seed.ldif. TAP.
#
# The DC comes from samba-dc.sh (a cached provisioned template, copied and
# started here, stopped at the end). The bind password goes through the real
# secret store: the test re-runs itself under dbus-run-session with a private
# gnome-keyring in a throw-away HOME, stores the password with
# --store-bind-password and then scans without any prompt.
# PowerShell is not installed here, so the generated script's -WhatIf run is
# checked by its content: one command per suggested fix, each with -WhatIf.
# Skipped (not failed) without root or without the packages.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prog=${DSC_PROGRAM:?DSC_PROGRAM must name the dirsync-companion binary}

if [ -z "${DSC_SCAN_TEST_CHILD:-}" ]; then
  if [ "$(id -u)" != 0 ]; then echo "1..0 # SKIP provisioning a Samba DC needs root"; exit 0; fi
  for c in samba samba-tool ldbmodify ldapadd ldapsearch openssl ss python3 dbus-run-session gnome-keyring-daemon; do
    command -v "$c" >/dev/null || { echo "1..0 # SKIP $c is not installed (build-aux/debian-packages.txt)"; exit 0; }
  done
  home=$(mktemp -d "${TMPDIR:-/tmp}/dsc-scan-test-XXXXXX")
  mkdir -m 700 "$home/run"
  env -u DBUS_SESSION_BUS_ADDRESS -u GNOME_KEYRING_CONTROL DSC_SCAN_TEST_CHILD="$home" HOME="$home" \
    XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" \
    XDG_RUNTIME_DIR="$home/run" \
    dbus-run-session -- sh -c 'printf dsc-test | gnome-keyring-daemon --daemonize --login >/dev/null 2>&1 &&
      gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1 && exec "$0"' "$0"
  status=$?
  "$here/samba-dc.sh" stop "$home/dc" >/dev/null 2>&1
  rm -rf "$home"
  exit $status
fi

work=$DSC_SCAN_TEST_CHILD
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
check() {  # description command...
  local what=$1; shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}
note() { sed 's/^/# /'; }

echo "1..12"
t0=$(date +%s.%N)
if ! "$here/samba-dc.sh" start "$work/dc" > "$work/dc.env" 2> "$work/dc.log"; then
  not_ok "a Samba DC starts"
  note < "$work/dc.log"
  exit 1
fi
. "$work/dc.env"
trap '"$here/samba-dc.sh" stop "$work/dc" >/dev/null 2>&1' EXIT
ok "a Samba DC starts on $DC_IP ($(echo "$(date +%s.%N) - $t0" | bc) s)"
export LDAPTLS_CACERT=$DC_CA
url=ldaps://$DC_IP

check "the seed is loaded" \
  sh -c "ldapadd -H '$url' -x -D '$DC_ADMIN' -w '$DC_PASSWORD' -f '$here/samba-seed.ldif' > '$work/seed.log' 2>&1"

check "--store-bind-password puts the password in the secret store" \
  sh -c "printf '%s\n' '$DC_PASSWORD' | '$prog' --store-bind-password --bind-dn '$DC_ADMIN' 2>/dev/null"

domains=(--tenant-domain contoso.com --tenant-domain contoso.onmicrosoft.com
         --tenant-domain contoso.mail.onmicrosoft.com)
"$prog" --scan --ldap-url "$url" --base "OU=Scan,$DC_BASE" --bind-dn "$DC_ADMIN" "${domains[@]}" \
  --format json --output "$work/ou.json" --powershell "$work/fix.ps1" < /dev/null 2> "$work/ou.err"
status=$?
check "--scan of OU=Scan exits 2 (errors found), without a prompt" test "$status" = 2
python3 "$here/check-scan.py" findings "$here/samba-expected.txt" "$work/ou.json" > "$work/diff.txt"
check "it reports every planted finding (rule, value, suggested fix)" sh -c "! grep -q '^missing' '$work/diff.txt'"
check "… and nothing else: clean and skipped objects are not flagged" sh -c "! grep -q '^unexpected' '$work/diff.txt'"
note < "$work/diff.txt"
python3 "$here/check-scan.py" powershell "$work/ou.json" "$work/fix.ps1" > "$work/ps.txt"
check "the PowerShell script has one -WhatIf command per suggested fix and a note per other finding" \
  test ! -s "$work/ps.txt"
note < "$work/ps.txt"

# the whole domain (base from the rootDSE): Samba's own objects are all skipped
"$prog" --scan --ldap-url "$url" --bind-dn "$DC_ADMIN" "${domains[@]}" --format json \
  --output "$work/domain.json" < /dev/null 2> "$work/domain.err"
status=$?
python3 "$here/check-scan.py" same "$work/ou.json" "$work/domain.json" > "$work/same.txt"
check "the whole domain (defaultNamingContext) gives the same findings (exit $status)" \
  sh -c "test $status = 2 && test ! -s '$work/same.txt'"
note < "$work/same.txt"

# text: first line as --check's
"$prog" --scan --ldap-url "$url" --base "OU=Scan,$DC_BASE" --bind-dn "$DC_ADMIN" "${domains[@]}" \
  > "$work/ou.txt" 2>/dev/null
check "the text report starts with ONPREM CRITICAL" grep -q "^ONPREM CRITICAL - $url: 4[0-9] objects read, 6 skipped; 30 errors, 8 warnings$" "$work/ou.txt"
head -1 "$work/ou.txt" | note

# no password stored for this DN: exit 3 with a way out, and no prompt
"$prog" --scan --ldap-url "$url" --bind-dn "Guest@ONPREM.TEST" < /dev/null > "$work/nopw.txt" 2>&1
status=$?
check "a bind DN without a stored password exits 3 and says how to store one" \
  sh -c "test $status = 3 && grep -q -- '--store-bind-password' '$work/nopw.txt'"

# plain LDAP to the DC: Samba (like Windows by default) wants TLS or signing for a simple bind
"$prog" --scan --ldap-url "ldap://$DC_IP" --bind-dn "$DC_ADMIN" < /dev/null > "$work/plain.txt" 2>&1
status=$?
check "a refused bind exits 3 with the server's reason" \
  sh -c "test $status = 3 && grep -qi 'refused the bind' '$work/plain.txt'"
note < "$work/plain.txt"
# Kerberos (SASL GSSAPI) as a signed-in user would: kinit, then no --bind-dn
if command -v kinit >/dev/null; then
  export KRB5_CONFIG=$DC_KRB5_CONFIG KRB5CCNAME=FILE:$work/krb5cc LDAPSASL_NOCANON=on
  printf '%s\n' "$DC_PASSWORD" | kinit "$DC_ADMIN" > "$work/kinit.log" 2>&1
  "$prog" --scan --ldap-url "ldap://$DC_IP" --base "OU=Scan,$DC_BASE" "${domains[@]}" --format json \
    --output "$work/krb.json" < /dev/null > "$work/krb.err" 2>&1
  status=$?
  python3 "$here/check-scan.py" same "$work/ou.json" "$work/krb.json" > "$work/krb-same.txt" 2>&1
  check "a Kerberos (GSSAPI) bind after kinit gives the same findings (exit $status)" \
    sh -c "test $status = 2 && test ! -s '$work/krb-same.txt'"
  note < "$work/krb.err"
  note < "$work/krb-same.txt"
else
  n=$((n + 1)); echo "ok $n # SKIP kinit is not installed (krb5-user)"
fi
exit $failed
