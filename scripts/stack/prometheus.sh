# shellcheck shell=bash
# Prometheus (Debian's package) with the service's scrape config and alerting rules from
# deploy/prometheus/. Sourced by scripts/stack.sh; relies on its variables (REPO, RUN, LOGS, DATA, …).

PROM_CONFIG_SRC="$REPO/deploy/prometheus"

# The port of a running (or stopped by stop-component) Prometheus wins over PROMETHEUS_PORT.
prometheus_port() { cat "$RUN/prometheus.port" 2>/dev/null || echo "$PROMETHEUS_PORT"; }
prometheus_url() { echo "http://127.0.0.1:$(prometheus_port)"; }

prometheus_ready() { curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$1/-/ready" 2>/dev/null; }

# deploy/prometheus/prometheus.yml as the stack runs it: its own port as the self-scrape target,
# the rule files and the local environment's scrape targets by absolute path (relative ones
# resolve against the config's folder).
prometheus_write_config() {
  local port=$1
  sed -e "s|127\.0\.0\.1:9090|127.0.0.1:$port|" \
    -e "s|^\(  - \)rules/|\1$PROM_CONFIG_SRC/rules/|" \
    -e "s|\"targets/|\"$PROM_CONFIG_SRC/targets/local/|" \
    "$PROM_CONFIG_SRC/prometheus.yml" >"$RUN/prometheus.yml.tmp"
  mv "$RUN/prometheus.yml.tmp" "$RUN/prometheus.yml"
}

prometheus_start() {
  local port t0
  command -v prometheus >/dev/null || die "prometheus not found; run scripts/deps.sh"
  if live_pid prometheus >/dev/null; then
    port=$(prometheus_port)
  else
    port=$(prometheus_port)
    require_free_port "$port" "prometheus" "set PROMETHEUS_PORT to another port"
    mkdir -p "$DATA/prometheus" "$LOGS"
    prometheus_write_config "$port"
    t0=$(now)
    say "starting prometheus on 127.0.0.1:$port…"
    spawn prometheus "$LOGS/prometheus.log" prometheus \
      --config.file="$RUN/prometheus.yml" \
      --storage.tsdb.path="$DATA/prometheus" \
      --storage.tsdb.retention.time=2d \
      --web.listen-address="127.0.0.1:$port" \
      --web.enable-lifecycle
    echo "$port" >"$RUN/prometheus.port"
  fi
  await_component prometheus prometheus PROMETHEUS_READY_TIMEOUT "$LOGS/prometheus.log" "${t0:-}" \
    "$port" prometheus_ready "$port"
}

# With "keep-ports" (stop-component) the port record stays for the next start.
prometheus_stop() {
  terminate prometheus
  [ "${1:-}" = keep-ports ] || rm -f "$RUN/prometheus.port"
}

prometheus_status() {
  local port pid
  port=$(prometheus_port)
  if pid=$(live_pid prometheus) && prometheus_ready "$port"; then
    printf '%-8s up    127.0.0.1:%-6s pid %s\n' prometheus "$port" "$pid"
  else
    printf '%-8s down  127.0.0.1:%-6s\n' prometheus "$port"
    return 1
  fi
}
