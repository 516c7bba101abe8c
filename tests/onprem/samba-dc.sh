#!/usr/bin/env bash
# samba-dc.sh — a throw-away Samba Active Directory DC on a loopback address,
# for the on-premises scan's tests and benchmark.
#
#   samba-dc.sh start DIR   make DIR a DC (from the provisioned template, see
#                           below), start it, wait until LDAPS answers; prints
#                           shell assignments: DC_IP DC_PID DC_BASE DC_ADMIN DC_PASSWORD DC_CA
#                           DC_KRB5_CONFIG (for kinit and GSSAPI binds to ldap://DC_IP)
#   samba-dc.sh stop DIR    stop that DC (SIGTERM to its PID, SIGKILL after 10 s)
#
# Needs root and Debian's samba, ldb-tools, ldap-utils, openssl. Only DIR and the
# template directory are written (no /etc/samba, no /var/log/samba).
#
# Provisioning takes 6-10 s, so one provisioned (stopped) DC is kept as a
# template in $DSC_SAMBA_CACHE (default /var/tmp/dirsync-companion-samba), keyed on
# the hash of this script and the schema file; each start copies it (about 1 s).
# The DC listens on the first free address of 127.0.0.16-127.0.0.31 (its ports
# are fixed, so parallel DCs need distinct addresses); a lock in the cache
# directory keeps two starts from provisioning or picking an address at once.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
realm=ONPREM.TEST
domain=ONPREM
base=DC=onprem,DC=test
password='Scan-Test-Pa55!'
host=dc16

fail() { echo "samba-dc: $*" >&2; exit 1; }

# the smb.conf [global] lines provision does not keep, and what keeps samba
# inside DIR
settings() {  # DIR IP
  cat <<CONF
	interfaces = $2/8
	bind interfaces only = yes
	server services = ldap, cldap, kdc
	pid directory = $1/run
	ncalrpc dir = $1/run/ncalrpc
	winbindd socket directory = $1/run/winbindd
	ntp signd socket directory = $1/run/ntp_signd
	log file = $1/log/samba.log
	logging = file
	ldb:nosync = true
	tls enabled = yes
	tls keyfile = $1/tls/key.pem
	tls certfile = $1/tls/cert.pem
	tls cafile = $1/tls/ca.pem
CONF
}

# rewrite [global]: drop the keys settings() sets, then add them
write_conf() {  # DIR IP
  local conf=$1/etc/smb.conf keys
  keys=$(settings "$1" "$2" | sed 's/=.*//; s/^[[:space:]]*//; s/[[:space:]]*$//' | paste -sd'|')
  awk -v keys="$keys" -v extra="$(settings "$1" "$2")" '
    BEGIN { n = split(keys, k, "|"); for (i = 1; i <= n; i++) drop[tolower(k[i])] = 1 }
    /^\[/ { inglobal = (tolower($0) ~ /^\[global\]/); print; if (inglobal) print extra; next }
    inglobal && index($0, "=") {
      key = tolower(substr($0, 1, index($0, "=") - 1)); gsub(/^[ \t]+|[ \t]+$/, "", key)
      if (key in drop) next
    }
    { print }' "$conf" > "$conf.new"
  mv "$conf.new" "$conf"
}

ldb() {  # DIR LDIF [options]
  local dir=$1 ldif=$2; shift 2
  ldbmodify -H "$dir/private/sam.ldb" --configfile="$dir/etc/smb.conf" "$@" "$ldif" \
    >> "$dir/log/ldb.log" 2>&1 || { tail -20 "$dir/log/ldb.log" >&2; fail "ldbmodify $ldif failed"; }
}

provision() {  # DIR
  local dir=$1 schema=CN=Schema,CN=Configuration,$base
  mkdir -p "$dir/run" "$dir/log"
  : > "$dir/empty.conf"   # so /etc/samba/smb.conf is not copied into ours
  samba-tool domain provision -s "$dir/empty.conf" --targetdir="$dir" \
    --realm=$realm --domain=$domain --server-role=dc --dns-backend=NONE \
    --host-name=$host --host-ip=127.0.0.16 --adminpass="$password" --backend-store=mdb \
    --option="pid directory=$dir/run" --option="ncalrpc dir=$dir/run/ncalrpc" \
    --option="winbindd socket directory=$dir/run/winbindd" \
    --option="ntp signd socket directory=$dir/run/ntp_signd" \
    --option="log file=$dir/log/samba.log" > "$dir/log/provision.log" 2>&1 ||
    { tail -20 "$dir/log/provision.log" >&2; fail "provision failed"; }
  rm -f "$dir/empty.conf"
  write_conf "$dir" 127.0.0.16
  # Exchange's attributes: the definitions first, the class change in a second session
  sed "s/@SCHEMA@/$schema/g" "$here/exchange-attributes.ldif" |
    awk -v a="$dir/log/schema1.ldif" -v b="$dir/log/schema2.ldif" '/^# part 2/ { two = 1 } { print > (two ? b : a) }'
  ldb "$dir" "$dir/log/schema1.ldif" --option="dsdb:schema update allowed=true"
  ldb "$dir" "$dir/log/schema2.ldif" --option="dsdb:schema update allowed=true"
  # the administrator's password never expires (the default maximum age is 42 days)
  cat > "$dir/log/admin.ldif" <<LDIF
dn: CN=Administrator,CN=Users,$base
changetype: modify
replace: userAccountControl
userAccountControl: 66048
LDIF
  ldb "$dir" "$dir/log/admin.ldif"
}

# a CA and a server certificate for IP (the one samba makes itself has no SAN)
make_tls() {  # DIR IP
  local t=$1/tls
  rm -rf "$t"; mkdir -p "$t"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=dirsync-companion test CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign \
    -keyout "$t/ca.key" -out "$t/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$host.${realm,,}" \
    -keyout "$t/key.pem" -out "$t/req.pem" 2>/dev/null
  printf 'subjectAltName=IP:%s,DNS:%s.%s\nextendedKeyUsage=serverAuth\n' "$2" "$host" "${realm,,}" > "$t/ext.cnf"
  openssl x509 -req -days 30 -in "$t/req.pem" -CA "$t/ca.pem" -CAkey "$t/ca.key" \
    -CAcreateserial -extfile "$t/ext.cnf" -out "$t/cert.pem" 2>/dev/null
  chmod 600 "$t/key.pem" "$t/ca.key"
}

pid_alive() {  # PID: a live samba
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null &&
    case $(readlink "/proc/$1/exe" 2>/dev/null) in */samba) true ;; *) false ;; esac
}

free_ip() {
  local n ip
  for n in $(seq 16 31); do
    ip=127.0.0.$n
    if ! ss -Hltn | awk '{print $4}' | grep -Eq "^($ip|0\.0\.0\.0|\*|\[::\]):(389|636)$"; then
      echo "$ip"; return 0
    fi
  done
  fail "no free loopback address in 127.0.0.16-31"
}

start() {  # DIR
  local dir=$1 cache key template ip pid i
  [ "$(id -u)" = 0 ] || fail "needs root (samba-tool provision)"
  cache=${DSC_SAMBA_CACHE:-/var/tmp/dirsync-companion-samba}
  key=$(cat "$here/samba-dc.sh" "$here/exchange-attributes.ldif" | sha256sum | cut -c1-16)
  template=$cache/$key
  mkdir -p "$cache"
  exec 9> "$cache/lock"   # one provisioning at a time (parallel test runs)
  flock 9
  if [ ! -f "$template/ready" ]; then
    # templates of older versions of this script are of no use any more
    find "$cache" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -exec rm -rf {} +
    rm -rf "$template.tmp"; mkdir -p "$template.tmp"
    provision "$template.tmp"
    rm -rf "$template"; mv "$template.tmp" "$template"
    # paths inside the template point at template.tmp: fix them once
    sed -i "s#$template.tmp#$template#g" "$template/etc/smb.conf"
    touch "$template/ready"
  fi
  if pid_alive "$(cat "$dir/run/dc.pid" 2>/dev/null || true)"; then
    fail "a DC from $dir is running; stop it first"
  fi
  rm -rf "$dir"; mkdir -p "$dir"
  cp -a "$template/." "$dir/"
  rm -rf "$dir/run" "$dir/log" "$dir/ready"; mkdir -p "$dir/run" "$dir/log"
  sed -i "s#$template#$dir#g" "$dir/etc/smb.conf"
  ip=$(free_ip)
  write_conf "$dir" "$ip"
  make_tls "$dir" "$ip"
  samba -F --no-process-group -M single -s "$dir/etc/smb.conf" -l "$dir/log" \
    < /dev/null > "$dir/log/samba.out" 2>&1 9>&- &
  pid=$!
  echo "$pid" > "$dir/run/dc.pid"
  for i in $(seq 1 600); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -20 "$dir/log/samba.log" "$dir/log/samba.out" >&2 || true
      fail "samba exited while starting"
    fi
    if ss -Hltnp | grep -F "$ip:636" | grep -q "pid=$pid," &&
       LDAPTLS_CACERT=$dir/tls/ca.pem ldapsearch -LLL -o nettimeout=2 -H "ldaps://$ip" -x \
         -s base -b '' defaultNamingContext 2>/dev/null | grep -qi "^defaultNamingContext: $base"; then
      flock -u 9   # the address is taken now: the next start picks another
      # Kerberos: a krb5.conf naming this KDC, and the SPN ldap/<address> so a
      # GSSAPI bind to ldap://<address> finds its service (no DNS here)
      printf '[libdefaults]\n\tdefault_realm = %s\n\tdns_lookup_kdc = false\n\trdns = false\n[realms]\n\t%s = {\n\t\tkdc = %s\n\t}\n' \
        "$realm" "$realm" "$ip" > "$dir/krb5.conf"
      printf 'dn: CN=%s,OU=Domain Controllers,%s\nchangetype: modify\nadd: servicePrincipalName\nservicePrincipalName: ldap/%s\n' \
        "${host^^}" "$base" "$ip" |
        LDAPTLS_CACERT=$dir/tls/ca.pem ldapmodify -H "ldaps://$ip" -x -D "Administrator@$realm" \
          -w "$password" > "$dir/log/spn.log" 2>&1 || { cat "$dir/log/spn.log" >&2; fail "adding the SPN failed"; }
      cat <<ENV
DC_IP=$ip
DC_PID=$pid
DC_BASE='$base'
DC_ADMIN='Administrator@$realm'
DC_PASSWORD='$password'
DC_CA='$dir/tls/ca.pem'
DC_KRB5_CONFIG='$dir/krb5.conf'
ENV
      return 0
    fi
    sleep 0.1
  done
  kill "$pid"; fail "LDAPS not answering after 60 s"
}

stop() {  # DIR
  local pid i
  pid=$(cat "$1/run/dc.pid" 2>/dev/null || true)
  if pid_alive "$pid"; then
    kill -TERM "$pid"
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  fi
  rm -f "$1/run/dc.pid"
}

case ${1:-} in
  start) [ -n "${2:-}" ] || fail "usage: $0 start DIR"; start "$2" ;;
  stop) [ -n "${2:-}" ] || fail "usage: $0 stop DIR"; stop "$2" ;;
  *) fail "usage: $0 start|stop DIR" ;;
esac
