#!/usr/bin/env bash
# Authenticode signing of the Windows build with osslsigncode.
#
#   build-aux/windows/sign.sh FILE…            sign each .exe/.dll in place
#   build-aux/windows/sign.sh --verify FILE…   check each signature
#
# The certificate comes from the environment:
#   DSC_SIGN_PFX           path of a PKCS#12 file (certificate, its chain, key)
#   DSC_SIGN_PFX_BASE64    or the same file base64-encoded (a CI secret)
#   DSC_SIGN_PASSWORD      its password (read through a file, never argv)
#   DSC_SIGN_TIMESTAMP_URL RFC 3161 time-stamping server (optional; releases
#                          should set one so signatures outlive the certificate)
#   DSC_SIGN_CA            CA bundle --verify trusts (default: the system's)
#   DSC_SIGN_REQUIRED=1    fail when no certificate is given (release builds)
# Without a certificate (CI, developers) a throw-away test CA and signing
# certificate are made with openssl in the cache directory, and DSC_SIGN_CA
# defaults to that CA: the signatures are real and verifiable, but nobody
# else trusts them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Debian: install what is missing (MSYS2: msys2-build.sh installs them).
if command -v dpkg-query >/dev/null 2>&1; then
  ensure_packages osslsigncode openssl
fi

test_dir=$cache/test-signing
description="DirSync Companion"
url="https://github.com/DirSyncCompanion/dirsync-companion"

# make_test_certificate: a CA and a code-signing certificate it issued, valid
# for 30 days, packed as test_dir/signing.pfx (password "test").
make_test_certificate() {
  if [ -f "$test_dir/signing.pfx" ] &&
     openssl x509 -checkend 86400 -noout -in "$test_dir/signing.pem" >/dev/null 2>&1; then
    return 0
  fi
  log "making a throw-away test signing certificate in $test_dir"
  rm -rf "$test_dir"
  mkdir -p "$test_dir"
  (
    cd "$test_dir"
    openssl req -x509 -newkey rsa:3072 -nodes -days 30 -keyout ca.key -out ca.pem \
      -subj "/CN=DirSync Companion TEST CA (not trusted)" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:3072 -nodes -keyout signing.key -out signing.csr \
      -subj "/CN=DirSync Companion TEST signing (not trusted)" 2>/dev/null
    printf '%s\n' "basicConstraints=critical,CA:FALSE" \
      "keyUsage=critical,digitalSignature" "extendedKeyUsage=codeSigning" > signing.ext
    openssl x509 -req -in signing.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
      -extfile signing.ext -out signing.pem 2>/dev/null
    openssl pkcs12 -export -out signing.pfx -inkey signing.key -in signing.pem \
      -certfile ca.pem -passout pass:test
    rm -f signing.csr signing.ext ca.srl
  )
}

if [ "${1:-}" = --verify ]; then
  shift
  if [ -z "${DSC_SIGN_CA:-}" ]; then
    if [ -z "${DSC_SIGN_PFX:-}${DSC_SIGN_PFX_BASE64:-}" ]; then
      DSC_SIGN_CA=$test_dir/ca.pem
    else
      DSC_SIGN_CA=/etc/ssl/certs/ca-certificates.crt
    fi
  fi
  failed=0
  for file in "$@"; do
    if ! out=$(osslsigncode verify -CAfile "$DSC_SIGN_CA" -in "$file" 2>&1); then
      echo "FAIL: signature of $file does not verify:" >&2
      tail -n 8 <<< "$out" >&2
      failed=$((failed + 1))
    fi
  done
  [ $failed -eq 0 ] || exit 1
  echo "   $# signatures verified against $(basename "$DSC_SIGN_CA")"
  exit 0
fi

# The certificate and its password, in files only this user can read.
secrets=$(mktemp -d)
trap 'rm -rf "$secrets"' EXIT
chmod 700 "$secrets"
if [ -n "${DSC_SIGN_PFX_BASE64:-}" ]; then
  base64 -d <<< "$DSC_SIGN_PFX_BASE64" > "$secrets/cert.pfx"
  pfx=$secrets/cert.pfx
elif [ -n "${DSC_SIGN_PFX:-}" ]; then
  pfx=$DSC_SIGN_PFX
elif [ "${DSC_SIGN_REQUIRED:-0}" != 0 ]; then
  echo "error: DSC_SIGN_REQUIRED is set but neither DSC_SIGN_PFX nor DSC_SIGN_PFX_BASE64 is" >&2
  exit 1
else
  make_test_certificate
  pfx=$test_dir/signing.pfx
  DSC_SIGN_PASSWORD=test
fi
printf '%s' "${DSC_SIGN_PASSWORD:-}" > "$secrets/pass"

timestamp=()
[ -z "${DSC_SIGN_TIMESTAMP_URL:-}" ] || timestamp=(-ts "$DSC_SIGN_TIMESTAMP_URL")

for file in "$@"; do
  osslsigncode sign -pkcs12 "$pfx" -readpass "$secrets/pass" -h sha256 \
    -n "$description" -i "$url" "${timestamp[@]}" \
    -in "$file" -out "$file.signed" > "$secrets/log" 2>&1 || {
      cat "$secrets/log" >&2; rm -f "$file.signed"; exit 1; }
  mv "$file.signed" "$file"
done
echo "   signed $# files"
