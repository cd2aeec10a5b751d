#!/usr/bin/env bash
# Prints the Debian packages that own the shared libraries the given binaries load, one a line:
# what the runtime image installs, derived from the build instead of kept by hand.
#
#   deploy/docker/runtime-packages.sh BINARY...
set -euo pipefail

# A library's path as dpkg recorded it: Debian 12 merged /lib into /usr/lib, but packages may
# still list either spelling.
owner() {
  local path=$1
  dpkg-query -S "$path" 2>/dev/null || dpkg-query -S "${path#/usr}" 2>/dev/null ||
    dpkg-query -S "/usr$path" 2>/dev/null || { echo "runtime-packages: no package owns $path" >&2; return 1; }
}

for binary in "$@"; do
  ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'
done | sort -u | while read -r lib; do
  owner "$lib"
done | cut -d: -f1 | sort -u
