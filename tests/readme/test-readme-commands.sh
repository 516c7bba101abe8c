#!/usr/bin/env bash
# test-readme-commands.sh — commands the README shows that no other test ran
# the way a user types them, through the real programs of this build:
#   - `dirsync-companion --list-scenarios` names every scenario the README
#     lists for run-demo.sh, and `--help-all` every option it shows;
#   - `--check --all-tenants --output FILE` (the demo tenants);
#   - `meson devenv -C _build` gives the build tree's translations;
#   - `_build/src/dsc-fake-graph --scenario NAME` runs the demo tenant on its
#     own, and `DSC_ACCESS_TOKEN=… dirsync-companion --check` and
#     `DSC_ACCESS_TOKEN=… dirsync-companion --export …/dirsync.prom` read it
#     (with --graph-url: the default root is Microsoft's), and it ends on SIGTERM;
#   - `--list-tenants` lists a stored profile, and `--check --tenant contoso`
#     exits 3 when sign-in is needed (no secret store here);
#   - `--sign-in --tenant contoso --client-id APP-ID --directory …` up to the
#     address of Microsoft's sign-in page (ended there: nothing reaches Microsoft);
#   - the README's bench commands as smoke runs with tiny sizes (they exit 0
#     and print their figures; no figure is checked: no timing asserts).
# Which test covers each command the README shows: tests/readme/README-commands.md.
# TAP.
set -u
top=${DSC_SOURCE_ROOT:?}
build=${DSC_BUILD_DIR:?}
prog=${DSC_PROGRAM:?}
work=$(mktemp -d "${TMPDIR:-/tmp}/dsc-readme-commands-XXXXXX")
fake_pid=
cleanup() {
  [ -z "$fake_pid" ] || kill "$fake_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
unset DSC_ACCESS_TOKEN
n=0
failed=0
ok() {  # description command...: passes when the command does
  local what=$1; shift
  n=$((n + 1))
  if "$@"; then echo "ok $n - $what"; else failed=1; echo "not ok $n - $what"; fi
}
skip() {  # description reason
  n=$((n + 1))
  echo "ok $n - $1 # SKIP $2"
}
show() {  # file: the output of a run, as TAP comments
  sed 's/^/# /' "$1" | tail -n 40
}

# --- --list-scenarios: every scenario of the README's quick start ----------------
"$prog" --list-scenarios > "$work/scenarios" 2>&1
ok "--list-scenarios exits 0" test $? = 0
# The README: "`run-demo.sh` takes a scenario name (default `sync-errors`): `healthy`, …
# Without a graphical session …": the names in backquotes between the two.
readme_scenarios=$(python3 - "$top/README.md" <<'PY'
import re, sys
text = " ".join(open(sys.argv[1]).read().split())
start = text.index("`run-demo.sh` takes a scenario name")
end = text.index("Without a graphical session", start)
names = re.findall(r"`([a-z][a-z0-9-]*)`", text[start:end])
print("\n".join(n for n in names if n != "run-demo.sh"))
PY
)
ok "the README's quick start names scenarios (found $(echo "$readme_scenarios" | wc -w))" \
  test "$(echo "$readme_scenarios" | wc -w)" -ge 10
unlisted=
for s in $readme_scenarios; do
  grep -qx "$s" "$work/scenarios" || unlisted="$unlisted $s"
done
ok "--list-scenarios lists every scenario the README names for run-demo.sh${unlisted:+ (missing:$unlisted)}" \
  test -z "$unlisted"

# --- --help: every option the README shows for dirsync-companion --------------------
"$prog" --help > "$work/help" 2>&1
ok "--help exits 0" test $? = 0
"$prog" --help-all > "$work/help-all" 2>&1
# The options on the README's dirsync-companion command lines (code blocks, with
# their continuation lines), and the ones its text names.
readme_options=$(python3 - "$top/README.md" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
opts = {"--device-code", "--list-tenants", "--allow-graph-host", "--background",
        "--version", "--help"}
for block in re.findall(r"```sh\n(.*?)```", text, re.S):
    block = re.sub(r"\\\n", " ", block)
    block = re.sub(r"\n\s+(?=\[)", " ", block)
    for line in block.splitlines():
        command = line.split("  #")[0]
        if "dirsync-companion" in command:
            opts.update(re.findall(r"(?<![\w-])--[a-z][a-z-]*", command))
print("\n".join(sorted(opts)))
PY
)
unknown=
for o in $readme_options; do
  grep -Eq -- "^ +(-[a-z], )?$o([=, ]|$)" "$work/help-all" || unknown="$unknown $o"
done
ok "--help-all names each of the $(echo "$readme_options" | wc -w) options the README shows${unknown:+ (missing:$unknown)}" \
  test -z "$unknown" -a "$(echo "$readme_options" | wc -w)" -ge 20

# --- --check --all-tenants --output FILE ------------------------------------------
(unset DISPLAY WAYLAND_DISPLAY
 XDG_CONFIG_HOME="$work/no-profiles" DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/dsc-test-bus \
   "$prog" --check --all-tenants --demo=2 --output "$work/all.txt") > "$work/all.out" 2>&1
status=$?
ok "--check --all-tenants --demo=2 --output FILE exits 2 (the worst tenant's status)" \
  test "$status" = 2
ok "… writes the aggregate line first, then one line per tenant, to FILE" python3 -c '
import sys
lines = open(sys.argv[1]).read().splitlines()
assert lines[0].startswith("DIRSYNC CRITICAL - 1 of 2 tenants need attention"), lines
assert [l.split(":")[0] for l in lines[1:]] == ["Fabrikam", "Contoso"], lines
' "$work/all.txt"
ok "… and prints nothing on standard output" test ! -s "$work/all.out"

# --- meson devenv -C _build: the program's environment of the build tree -----------
devenv=$(meson devenv -C "$build" sh -c 'printf "%s" "$DSC_LOCALEDIR"' 2> "$work/devenv.err")
ok "meson devenv -C BUILD sets DSC_LOCALEDIR to BUILD/po ($devenv)" test "$devenv" = "$build/po"

# --- dsc-fake-graph on its own, read with DSC_ACCESS_TOKEN --------------------------
fake=$build/src/dsc-fake-graph
# As in a terminal: it runs until stdin closes (here a pipe the test holds open).
coproc FAKE { exec "$fake" --scenario healthy 2> "$work/fake.err"; }
fake_pid=$FAKE_PID
url=
read -r -t 30 url <&"${FAKE[0]}"
ok "_build/src/dsc-fake-graph --scenario healthy prints its loopback URL ($url)" \
  eval 'case $url in http://127.0.0.1:*) true ;; *) false ;; esac'

DSC_ACCESS_TOKEN="$(printf '%s' demo-access-token)" "$prog" --check --graph-url "$url" \
  > "$work/check.out" 2> "$work/check.err"
status=$?
ok "DSC_ACCESS_TOKEN=… dirsync-companion --check (--graph-url the fake tenant) exits 0" \
  test "$status" = 0
ok "… and its first line is the OK verdict" \
  grep -q '^DIRSYNC OK - ' <(head -n 1 "$work/check.out")
[ "$status" = 0 ] || { show "$work/check.out"; show "$work/check.err"; }

mkdir -p "$work/node-exporter"
(umask 022
 DSC_ACCESS_TOKEN="$(printf '%s' demo-access-token)" "$prog" --graph-url "$url" \
   --export "$work/node-exporter/dirsync.prom") > "$work/export.out" 2>&1
status=$?
ok "DSC_ACCESS_TOKEN=… dirsync-companion --export …/dirsync.prom exits 0" test "$status" = 0
[ "$status" = 0 ] || show "$work/export.out"
ok "… writes Prometheus metrics by the extension (dirsync_overall_status 0)" \
  grep -qx 'dirsync_overall_status 0' "$work/node-exporter/dirsync.prom"
ok "… readable by node_exporter's user (a new .prom file is 0644)" \
  test "$(stat -c %a "$work/node-exporter/dirsync.prom")" = 644
# It ends on SIGTERM, with its stdin still open (README: "runs until
# SIGTERM/SIGINT or until stdin closes").
running() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat"; }
kill "$fake_pid" 2>/dev/null
for _ in $(seq 100); do running "$fake_pid" || break; sleep 0.1; done
ok "dsc-fake-graph ends on SIGTERM while its stdin is open" eval '! running "$fake_pid"'
kill -9 "$fake_pid" 2>/dev/null
wait "$fake_pid" 2>/dev/null
fake_pid=

# --- stored profiles: --list-tenants, --check --tenant ----------------------------
mkdir -p "$work/config/dirsync-companion"
cat > "$work/config/dirsync-companion/profiles.json" <<'JSON'
{"version":1,"active":"contoso","profiles":[{"id":"contoso","name":"Contoso",
 "tenant":"contoso.onmicrosoft.com","clientId":"00000000-0000-0000-0000-0000000000aa",
 "cloud":"global"}]}
JSON
# No secret store: the profile has no sign-in to use (and nothing reaches Microsoft).
profile_env=(env XDG_CONFIG_HOME="$work/config"
             DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/dsc-test-bus)
"${profile_env[@]}" "$prog" --list-tenants > "$work/tenants.out" 2>&1
status=$?
ok "--list-tenants exits 0" test "$status" = 0
ok "--list-tenants names the stored profile, its directory and cloud" \
  grep -Eq '^\* contoso +Contoso +contoso\.onmicrosoft\.com \(global\)$' "$work/tenants.out"
[ "$status" = 0 ] || show "$work/tenants.out"
"${profile_env[@]}" "$prog" --check --tenant contoso > "$work/tenant-check.out" 2>&1
status=$?
ok "--check --tenant contoso exits 3 when sign-in is needed" test "$status" = 3
ok "… and says so on its status line" \
  grep -q '^DIRSYNC UNKNOWN - Sign-in needed' "$work/tenant-check.out"
[ "$status" = 3 ] || show "$work/tenant-check.out"

# --- --sign-in --tenant contoso --client-id APP-ID --directory contoso.onmicrosoft.com --
# The README's form, verbatim, for a new profile, as over SSH (no display): it
# adds the profile, prints the address to open at Microsoft's sign-in page and
# suggests --device-code, then waits for the browser's redirect to this
# computer. The test ends it there: nothing is sent to Microsoft (the program
# only talks to login.microsoftonline.com once the redirect brings a code).
(unset DISPLAY WAYLAND_DISPLAY
 exec env XDG_CONFIG_HOME="$work/sign-in-config" \
   DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/dsc-test-bus \
   "$prog" --sign-in --tenant contoso --client-id APP-ID --directory contoso.onmicrosoft.com) \
  > "$work/sign-in.out" 2>&1 &
sign_in_pid=$!
for _ in $(seq 200); do
  grep -q 'Waiting for the sign-in' "$work/sign-in.out" && break
  kill -0 "$sign_in_pid" 2>/dev/null || break
  sleep 0.1
done
ok "--sign-in --tenant contoso --client-id … --directory …: still waiting for the browser" \
  kill -0 "$sign_in_pid"
kill "$sign_in_pid" 2>/dev/null
wait "$sign_in_pid" 2>/dev/null
ok "… adds the tenant profile" grep -qx 'Added tenant profile “contoso”.' "$work/sign-in.out"
authorize='https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=APP-ID&'
ok "… prints the address of the directory's sign-in page with the client ID" \
  grep -qF "$authorize" "$work/sign-in.out"
ok "… redirects to this computer, with PKCE" \
  grep -Eq 'redirect_uri=http%3A%2F%2Flocalhost%3A[0-9]+&.*code_challenge_method=S256' "$work/sign-in.out"
ok "… suggests --device-code (no browser here)" grep -q -- '--device-code' "$work/sign-in.out"
grep -q 'Added tenant profile' "$work/sign-in.out" || show "$work/sign-in.out"
XDG_CONFIG_HOME="$work/sign-in-config" DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/dsc-test-bus \
  "$prog" --list-tenants > "$work/sign-in-tenants.out" 2>&1
ok "… and --list-tenants lists it (directory, global cloud)" \
  grep -Eq '^. contoso +contoso +contoso\.onmicrosoft\.com \(global\)$' "$work/sign-in-tenants.out"

# --- the bench commands, tiny ----------------------------------------------------
bench() {  # description expected-regex command...: exits 0 and prints a line that matches
  local what=$1 expect=$2; shift 2
  "$@" > "$work/bench.out" 2>&1
  local status=$?
  ok "$what: exits 0" test "$status" = 0
  ok "$what: prints /$expect/" grep -Eq -- "$expect" "$work/bench.out"
  [ "$status" = 0 ] && grep -Eq -- "$expect" "$work/bench.out" || show "$work/bench.out"
}
b=$build/bench
bench "bench-refresh --objects 200 --errors 20 --latency-ms 0 --runs 1" "^peak RSS: " \
  "$b/bench-refresh" --objects 200 --errors 20 --latency-ms 0 --runs 1
bench "bench-export --objects 200 --findings 10" "^prometheus +[0-9.]+ s wall" \
  "$b/bench-export" --objects 200 --findings 10
bench "bench-tenants --tenants 3 --latency-ms 0 --concurrency 2" "^all 3 tenants, 2 at a time: " \
  "$b/bench-tenants" --tenants 3 --latency-ms 0 --concurrency 2
bench "bench-soak --refreshes 3 --seed 7 --quiet" "^wrong: +0 " \
  "$b/bench-soak" --refreshes 3 --seed 7 --quiet
bench "bench-soak --refreshes 2 --no-faults --quiet" "^wrong: +0 " \
  "$b/bench-soak" --refreshes 2 --no-faults --quiet
if [ -n "${DISPLAY:-}" ]; then
  bench "xvfb-run -a bench-ui --scenario healthy --latency-ms 0" "^first frame with cached report: " \
    "$b/bench-ui" --scenario healthy --latency-ms 0
else
  skip "bench-ui: exits 0" "no display (run under xvfb-run, as build-aux/run-tests.sh does)"
  skip "bench-ui: prints its figures" "no display"
fi

echo "1..$n"
exit $failed
