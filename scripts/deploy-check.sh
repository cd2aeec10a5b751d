#!/usr/bin/env bash
# Validates the deployment files without Docker or a cluster, with the tools that
# scripts/deploy-tools.sh installs into .local/bin. Each step is also a ctest test (label unit).
#
#   scripts/deploy-check.sh [STEP...]     default: every step
#     dockerfile     hadolint on Dockerfile (.hadolint.yaml)
#     compose        docker-compose.yml through the Compose specification's loader; host paths exist
#     compose-rejects  compose-check fails on a missing mount source and on an undefined service
#     helm-lint      helm lint --strict, default values and every option switched on
#     chart          helm template | chart-check: probes, ports, env and grace period against config.yaml
#     chart-rejects  chart-check fails on charts that drift from config.yaml (the check can fail)
#     prometheus     promtool on deploy/prometheus as the local stack and docker-compose.yml lay it out
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$REPO/.local/bin"
CHART=deploy/helm/products-service
ALL_OPTIONS=tests/deploy/chart_all_options.values.yaml
cd "$REPO"

die() { printf 'deploy-check: ERROR: %s\n' "$*" >&2; exit 1; }
tool() {
  [ -x "$BIN/$1" ] || die "$1 is not installed: run scripts/deploy-tools.sh"
  echo "$BIN/$1"
}

step_dockerfile() { "$(tool hadolint)" --config .hadolint.yaml Dockerfile && echo "hadolint: Dockerfile clean"; }

step_compose() { "$(tool compose-check)" docker-compose.yml; }

# compose_rejected WHAT YAML: compose-check must fail on this Compose file and say WHAT.
compose_rejected() {
  local want=$1 dir out
  dir=$(mktemp -d)
  printf '%s\n' "$2" >"$dir/docker-compose.yml"
  if out=$("$(tool compose-check)" "$dir/docker-compose.yml" 2>&1); then
    rm -rf "$dir"
    die "compose-check accepted: $2"
  fi
  rm -rf "$dir"
  grep -qF -- "$want" <<<"$out" || die "compose-check rejected the file but did not say '$want': $out"
  echo "compose-check rejects: $want"
}

step_compose_rejects() {
  compose_rejected "does not exist" 'services: {app: {image: busybox, volumes: ["./no-such-dir:/data:ro"]}}'
  compose_rejected 'depends on undefined service "db"' 'services: {app: {image: busybox, depends_on: [db]}}'
}

step_helm_lint() {
  "$(tool helm)" lint --strict "$CHART"
  "$(tool helm)" lint --strict "$CHART" -f "$ALL_OPTIONS"
}

# render [HELM ARGS...]: the chart's manifests as `helm install` would send them.
render() { "$(tool helm)" template products-service "$CHART" "$@"; }

step_chart() {
  render | "$(tool chart-check)" -config config/config.yaml -expect HorizontalPodAutoscaler,PodDisruptionBudget
  render -f "$ALL_OPTIONS" | "$(tool chart-check)" -config config/config.yaml -expect PodDisruptionBudget,ServiceMonitor
}

# expect_rejected WHAT -- HELM ARGS...: chart-check must fail on this render and say WHAT.
expect_rejected() {
  local want=$1 out
  shift
  if out=$(render "$@" | "$(tool chart-check)" -config config/config.yaml 2>&1); then
    die "chart-check accepted a chart rendered with $*"
  fi
  grep -qF -- "$want" <<<"$out" || die "chart-check rejected $* but did not say '$want': $out"
  echo "chart-check rejects $*: $want"
}

step_chart_rejects() {
  expect_rejected "env HTTP_PROT overrides no key" --set env.HTTP_PROT=8080
  expect_rejected "does not outlast" --set terminationMarginSeconds=-6
  expect_rejected "listens on 5007 (HTTP_PORT)" --set env.HTTP_PORT=5007 --set ports.http=8080
}

# promtool_clean CONFIG: valid, and no warning either (a scrape targets file that is not there is
# only a warning to promtool).
promtool_clean() {
  local out
  out=$(promtool check config "$1" 2>&1) || { echo "$out" >&2; return 1; }
  echo "$out"
  ! grep -q WARNING <<<"$out"
}

# Prometheus's config as each environment runs it: the local stack's own copy (its
# prometheus_write_config), and docker-compose.yml's mounts (rules/ and targets/compose/ beside it).
step_prometheus() {
  command -v promtool >/dev/null || die "promtool not found: run scripts/deps.sh"
  local dir
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' RETURN
  mkdir "$dir/local" "$dir/compose"
  (
    RUN="$dir/local"
    # shellcheck source=stack/prometheus.sh
    source "$REPO/scripts/stack/prometheus.sh"
    prometheus_write_config 9090
  )
  promtool_clean "$dir/local/prometheus.yml" || die "the local stack's Prometheus config is not clean"
  cp deploy/prometheus/prometheus.yml "$dir/compose/"
  ln -s "$REPO/deploy/prometheus/rules" "$dir/compose/rules"
  ln -s "$REPO/deploy/prometheus/targets/compose" "$dir/compose/targets"
  promtool_clean "$dir/compose/prometheus.yml" || die "docker-compose.yml's Prometheus config is not clean"
}

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(dockerfile compose compose-rejects helm-lint chart chart-rejects prometheus)
for s in "${steps[@]}"; do
  case "$s" in
    dockerfile | compose | compose-rejects | helm-lint | chart | chart-rejects | prometheus) "step_${s//-/_}" ;;
    *) die "unknown step $s" ;;
  esac
done
