#!/usr/bin/env bash
# test-scan-cli.sh — `dirsync-companion --scan` through the real program,
# without a directory server: the demo (built-in sample directory joined with
# the demo tenant's sync errors over real HTTP) and an LDIF export. TAP.
set -u
prog=${DSC_PROGRAM:?DSC_PROGRAM must name the dirsync-companion binary}
work=$(mktemp -d "${TMPDIR:-/tmp}/dsc-scan-cli-XXXXXX")
trap 'rm -rf "$work"' EXIT
n=0
failed=0
check() {  # description command...
  local what=$1; shift
  n=$((n + 1))
  if "$@"; then echo "ok $n - $what"; else failed=1; echo "not ok $n - $what"; fi
}
py() { python3 -c "$1" "${@:2}"; }

echo "1..12"

"$prog" --scan --demo --format json --output "$work/demo.json" --powershell "$work/demo.ps1" 2> "$work/demo.err"
check "--scan --demo exits 2 (errors in the sample directory)" test $? = 2

check "every demo sync conflict names the on-premises DN to edit" py '
import json, sys
r = json.load(open(sys.argv[1]))
c = r["cloudConflicts"]
assert len(c) == 12, len(c)
for m in c:
    assert m["onPremisesDns"], m
by = {(m["property"], m["value"]): m["onPremisesDns"] for m in c}
assert by[("UserPrincipalName", "LeeG@contoso.com")] == ["CN=Lee Gu,OU=Engineering,OU=Contoso,DC=corp,DC=contoso,DC=com"]
assert sorted(by[("ProxyAddress", "smtp:sales@contoso.com")]) == [
    "CN=Sales Inquiries,OU=Contacts,OU=Contoso,DC=corp,DC=contoso,DC=com",
    "CN=Sales Team,OU=Groups,OU=Contoso,DC=corp,DC=contoso,DC=com"]
assert by[("ProxyAddress", "SMTP:marketing@contoso.com")] == ["CN=Marketing,OU=Groups,OU=Contoso,DC=corp,DC=contoso,DC=com"]
' "$work/demo.json"

check "on-premises duplicates that already fail in the cloud are marked, the others not" py '
import json, sys
r = json.load(open(sys.argv[1]))
d = {(f["dn"].split(",")[0], f["value"]): f["failsInCloud"] for f in r["findings"] if f["rule"] == "duplicate"}
assert d[("CN=Sales Team", "smtp:sales@contoso.com")] is True, d
assert d[("CN=HR Team", "smtp:HR@contoso.com")] is True, d
assert all(v for v in d.values()), d
assert all(not f["failsInCloud"] for f in r["findings"] if f["rule"] != "duplicate")
assert r["objectsRead"] == 23 and r["objectsSkipped"] == 4, r
' "$work/demo.json"

check "the demo's PowerShell script covers exactly its findings" \
  python3 "$(dirname "$0")/check-scan.py" powershell "$work/demo.json" "$work/demo.ps1"

"$prog" --scan --demo > "$work/demo.txt" 2>/dev/null
check "the text report's first line is the verdict" \
  grep -q '^ONPREM CRITICAL - built-in sample directory (corp.contoso.com): 23 objects read, 4 skipped; 10 errors, 3 warnings$' "$work/demo.txt"

# an LDIF export with hostile values
cat > "$work/export.ldif" <<'LDIF'
dn: CN==HYPERLINK(1),OU=Staff,DC=corp,DC=contoso,DC=com
objectClass: user
cn: =HYPERLINK(1)
sAMAccountName: formula

dn: CN=O'Brien,OU=Staff,DC=corp,DC=contoso,DC=com
objectClass: user
cn: O'Brien
sAMAccountName: obrien

dn: CN=Typographic,OU=Staff,DC=corp,DC=contoso,DC=com
objectClass: user
cn: Typographic
displayName: Typographic
mailNickname: .O’Neil
LDIF
"$prog" --scan --ldif "$work/export.ldif" --format csv --output "$work/export.csv" --powershell "$work/export.ps1" 2>/dev/null
check "--scan --ldif exits 2 (a mailNickname starting with a period is an error)" test $? = 2
check "CSV: BOM, CRLF, and a formula in a cell is written as text" py '
import sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), raw[:10]
text = raw[3:].decode()
assert text.count("\r\n") == 4, text
assert ",\x27=HYPERLINK(1),no\r\n" in text, text
' "$work/export.csv"
check "PowerShell: single quotes (also typographic ones) are doubled inside literals" py '
import sys
s = open(sys.argv[1], encoding="utf-8").read()
assert "Set-ADUser -Identity \x27CN=O\x27\x27Brien,OU=Staff,DC=corp,DC=contoso,DC=com\x27 -Replace @{ \x27displayName\x27 = \x27O\x27\x27Brien\x27 } -WhatIf:$WhatIf" in s, s
assert "\x27mailNickname\x27 = \x27O\u2019\u2019Neil\x27" in s, s
' "$work/export.ps1"

"$prog" --scan --demo --format xml > /dev/null 2>&1
check "an unknown --format exits 3" test $? = 3

echo "previous" > "$work/keep.json"
"$prog" --scan --demo --format json --output "$work/missing-dir/x.json" > /dev/null 2>&1
check "an unwritable --output exits 3" test $? = 3

"$prog" --scan --ldif "$work/nope.ldif" > "$work/nope.txt" 2>&1
check "a missing LDIF exits 3 with ONPREM UNKNOWN" sh -c "test $? = 3 && grep -q '^ONPREM UNKNOWN' '$work/nope.txt'"

"$prog" --scan --ldap-url http://dc.contoso.com > "$work/http.txt" 2>&1
check "an address that is not ldap(s):// is refused (exit 3)" sh -c "test $? = 3 && grep -q 'must start with ldaps://' '$work/http.txt'"
exit $failed
