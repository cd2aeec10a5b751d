# shellcheck shell=bash
# Jaeger v2 (OTLP in, in-memory storage, query API out), built from Go modules by tools/jaeger,
# configured by deploy/jaeger/config.yaml. The module has no web UI assets: the query API
# (/api/services, /api/traces) works, the UI pages do not.
# Sourced by scripts/stack.sh; relies on its variables (REPO, RUN, LOGS, DATA, CACHE, BIN, …).

JAEGER_SRC="$REPO/tools/jaeger"
JAEGER_BIN="$BIN/jaeger"
JAEGER_CONFIG="$REPO/deploy/jaeger/config.yaml"

# The ports of a running (or stopped by stop-component) Jaeger win over the environment, so
# that `status` and `down` need no env vars: query API, query gRPC, OTLP gRPC, OTLP HTTP.
jaeger_ports() {
  cat "$RUN/jaeger.ports" 2>/dev/null ||
    echo "$JAEGER_QUERY_PORT $JAEGER_QUERY_GRPC_PORT $OTLP_GRPC_PORT $OTLP_HTTP_PORT"
}
jaeger_query_port() { jaeger_ports | cut -d' ' -f1; }
jaeger_otlp_grpc_port() { jaeger_ports | cut -d' ' -f3; }
jaeger_otlp_http_port() { jaeger_ports | cut -d' ' -f4; }
jaeger_query_url() { echo "http://127.0.0.1:$(jaeger_query_port)"; }
otlp_http_endpoint() { echo "http://127.0.0.1:$(jaeger_otlp_http_port)"; }

jaeger_ready() {
  curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$1/api/services" 2>/dev/null &&
    port_open "$2" && port_open "$3"
}

# Rebuild only when the pinned modules or the Go toolchain changed. The first build compiles
# a large dependency tree: minutes of CPU.
jaeger_build() {
  local want t0 go
  go=$(go_toolchain)
  want=$( { cat "$JAEGER_SRC/go.mod" "$JAEGER_SRC/go.sum"; "$go" version; } | sha256sum | cut -d' ' -f1)
  if [ -x "$JAEGER_BIN" ] && [ "$(cat "$CACHE/jaeger.sha256" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  t0=$(now)
  say "building jaeger (first build downloads modules and takes several minutes)…"
  mkdir -p "$BIN" "$CACHE" "$LOGS"
  if ! (cd "$JAEGER_SRC" && GOFLAGS=-mod=mod nice -n 10 "$go" build -o "$JAEGER_BIN.tmp" \
    github.com/jaegertracing/jaeger/cmd/jaeger) >"$LOGS/jaeger-build.log" 2>&1; then
    show_log "$LOGS/jaeger-build.log"
    die "jaeger build failed (see $LOGS/jaeger-build.log)"
  fi
  mv "$JAEGER_BIN.tmp" "$JAEGER_BIN"
  echo "$want" >"$CACHE/jaeger.sha256"
  say "jaeger built in $(since "$t0")"
}

jaeger_start() {
  local query query_grpc otlp_grpc otlp_http t0
  if live_pid jaeger >/dev/null; then
    read -r query query_grpc otlp_grpc otlp_http < <(jaeger_ports)
  else
    read -r query query_grpc otlp_grpc otlp_http < <(jaeger_ports)
    require_free_port "$query" "jaeger query API" "set JAEGER_QUERY_PORT to another port"
    require_free_port "$query_grpc" "jaeger query gRPC" "set JAEGER_QUERY_GRPC_PORT to another port"
    require_free_port "$otlp_grpc" "OTLP gRPC" "set OTLP_GRPC_PORT to another port"
    require_free_port "$otlp_http" "OTLP HTTP" "set OTLP_HTTP_PORT to another port"
    jaeger_build
    mkdir -p "$LOGS"
    t0=$(now)
    say "starting jaeger (query API 127.0.0.1:$query, OTLP gRPC :$otlp_grpc, OTLP HTTP :$otlp_http)…"
    spawn jaeger "$LOGS/jaeger.log" env JAEGER_QUERY_PORT="$query" JAEGER_QUERY_GRPC_PORT="$query_grpc" \
      OTLP_GRPC_PORT="$otlp_grpc" OTLP_HTTP_PORT="$otlp_http" \
      "$JAEGER_BIN" --config "$JAEGER_CONFIG"
    echo "$query $query_grpc $otlp_grpc $otlp_http" >"$RUN/jaeger.ports"
  fi
  await_component jaeger jaeger JAEGER_READY_TIMEOUT "$LOGS/jaeger.log" "${t0:-}" \
    "$query" jaeger_ready "$query" "$otlp_grpc" "$otlp_http"
}

# With "keep-ports" (stop-component) the port record stays for the next start.
jaeger_stop() {
  terminate jaeger
  [ "${1:-}" = keep-ports ] || rm -f "$RUN/jaeger.ports"
}

jaeger_status() {
  local query query_grpc otlp_grpc otlp_http pid
  read -r query query_grpc otlp_grpc otlp_http < <(jaeger_ports)
  if pid=$(live_pid jaeger) && jaeger_ready "$query" "$otlp_grpc" "$otlp_http"; then
    printf '%-8s up    127.0.0.1:%-6s pid %s (OTLP gRPC :%s, HTTP :%s)\n' jaeger "$query" "$pid" "$otlp_grpc" "$otlp_http"
  else
    printf '%-8s down  127.0.0.1:%-6s\n' jaeger "$query"
    return 1
  fi
}
