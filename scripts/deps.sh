#!/usr/bin/env bash
# Installs every system package the build, the local stack and the tests need.
# Idempotent: packages already present are skipped without touching apt.
#
#   scripts/deps.sh          everything
#   scripts/deps.sh build    only what compiling the service needs (the Dockerfile's build stage)
set -euo pipefail

BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-all-dev libboost-json1.81-dev libboost-url1.81-dev
  libgrpc++-dev protobuf-compiler-grpc protobuf-compiler libprotobuf-dev
  librdkafka-dev libmongoc-dev libbson-dev libhiredis-dev
  prometheus-cpp-dev libspdlog-dev libfmt-dev libyaml-cpp-dev libcli11-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
# ccache: another checkout (a clean clone, a worktree) reuses what one already compiled.
STACK_PACKAGES=(
  curl openssl procps iproute2 ccache
  redis-server redis-tools prometheus
  postgresql-15 postgresql-client-15
  gnuplot-nox wrk
  openjdk-17-jre-headless maven unzip
  python3-pip python3-venv
  # Swagger UI: npm fetches swagger-ui-dist (scripts/swagger-ui.sh); Chromium renders the page in
  # the browser test (tests/browser), with fonts-liberation for readable text in its screenshot.
  npm chromium fonts-liberation
  # The fuzz preset (tests/fuzz): clang, and in libclang-rt-14-dev the libFuzzer, ASan and UBSan
  # runtimes of that clang (libfuzzer-14-dev is only a standalone copy of libFuzzer).
  clang-14 libclang-rt-14-dev
)

case "${1:-}" in
  "") PACKAGES=("${BUILD_PACKAGES[@]}" "${STACK_PACKAGES[@]}") ;;
  build) PACKAGES=("${BUILD_PACKAGES[@]}") ;;
  *) echo "usage: $0 [build]" >&2; exit 2 ;;
esac

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# No golang-go: Debian's 1.19 can't build FerretDB; scripts/stack.sh uses a Go >= 1.21 from the
# PATH or fetches the pinned toolchain from the Go module proxy.
# The same for Java and Maven, which the machine image may provide outside apt.
command -v java >/dev/null 2>&1 && missing=("${missing[@]/openjdk-17-jre-headless}")
command -v mvn >/dev/null 2>&1 && missing=("${missing[@]/maven}")
command -v npm >/dev/null 2>&1 && missing=("${missing[@]/npm}")
read -r -a missing <<<"${missing[*]}"

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Debian's redis/prometheus/postgresql packages try to start system services (postgresql-15 also
# creates a cluster on 5432); the project runs its own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
if ! $SUDO apt-get update -q; then
  echo "deps: apt-get update failed; check the network and /etc/apt/sources.list" >&2
  exit 1
fi
if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  echo "deps: could not install: ${missing[*]}" >&2
  echo "deps: this project needs Debian 12 (bookworm) package names" >&2
  exit 1
fi
echo "deps: done"
