#!/usr/bin/env bash
# Makes a local CA and a server certificate for localhost/127.0.0.1 under certs/ (git-ignored),
# for HTTPS and gRPC over TLS in development and tests. Idempotent: existing files are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=certs
mkdir -p "$dir"
if [ -s "$dir/server.crt" ] && [ -s "$dir/server.key" ] && [ -s "$dir/ca.crt" ]; then
  echo "cert: $dir/server.crt already exists (delete $dir/ to make new ones)"
  exit 0
fi
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=products-service local CA" \
  -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext"
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
  -days 825 -extfile "$dir/server.ext" -out "$dir/server.crt" 2>/dev/null
rm -f "$dir/server.csr" "$dir/server.ext"
echo "cert: wrote $dir/ca.crt, $dir/server.crt and $dir/server.key"
