#!/usr/bin/env bash
# Local infrastructure for products-service: Kafka (KRaft), a MongoDB-wire
# server (FerretDB on PostgreSQL by default), Redis, Prometheus and Jaeger, all on 127.0.0.1,
# without Docker.
#
#   scripts/stack.sh up | down | status
#   scripts/stack.sh stop-component  redis|mongo|postgres|kafka|prometheus|jaeger
#                                    (mongo: the wire server only)
#   scripts/stack.sh start-component redis|mongo|postgres|kafka|prometheus|jaeger
#   scripts/stack.sh go       path of a Go >= 1.21 (fetched into .local/cache when missing)
#   scripts/stack.sh kafka up|down|status|brokers|controller   one Kafka cluster alone; with
#                             KAFKA_CLUSTER=NAME a cluster of its own beside the stack's (own ports,
#                             data, pid files); controller: the active controller's node id
#   scripts/stack.sh kafka kill N   SIGKILL node N (a crash); `kafka up` starts it again
#
# Everything (binaries, jars, data, logs, pid files) lives under $REPO/.local/.
# After a successful `up`, .local/stack.env holds `export` lines for tests.
#
# Environment:
#   KAFKA_NODES=1|3           combined broker+controller nodes (default 1)
#   KAFKA_PORT                broker port; base port with 3 nodes (9092 / 9091)
#                             controllers listen on broker port + 10000
#   KAFKA_CLUSTER             (kafka command only) a named cluster, e.g. failover; `down` stops it too
#   KAFKA_HEAP_OPTS           JVM heap flags per node (default -Xms256m -Xmx512m)
#   MONGO_PORT=27017  REDIS_PORT=6379  PG_PORT=5433
#   MONGO_URI                 use this external MongoDB; start no Mongo server
#                             (else a mongod on the PATH; else FerretDB)
#   FERRETDB_BACKEND=postgresql|sqlite   FerretDB's storage (default postgresql)
#   FERRETDB_PG_POOL=200      FerretDB's PostgreSQL pool (max_connections = pool + 20)
#   FERRETDB_DEBUG=1          FerretDB logs at debug level (on PostgreSQL: every SQL statement)
#   PROMETHEUS_PORT=9090      Prometheus (config: deploy/prometheus/)
#   JAEGER_QUERY_PORT=16686 JAEGER_QUERY_GRPC_PORT=16685 OTLP_GRPC_PORT=4317 OTLP_HTTP_PORT=4318
#                             Jaeger (config: deploy/jaeger/; built from tools/jaeger)
#   KAFKA_READY_TIMEOUT=90 MONGO_READY_TIMEOUT=30 REDIS_READY_TIMEOUT=20 PG_READY_TIMEOUT=60
#   PROMETHEUS_READY_TIMEOUT=30 JAEGER_READY_TIMEOUT=30
#   STOP_TIMEOUT=30           seconds between TERM and KILL
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$REPO/.local"
RUN="$LOCAL/run"
LOGS="$LOCAL/log"
DATA="$LOCAL/data"
CACHE="$LOCAL/cache"
BIN="$LOCAL/bin"

KAFKA_POM="$REPO/stack/kafka/pom.xml"
KAFKA_LOG4J="$REPO/stack/kafka/log4j.properties"
KAFKA_LIBS="$CACHE/kafka-libs"
FERRET_SRC="$REPO/tools/ferretdb"
FERRET_BIN="$BIN/ferretdb"

MONGO_PORT="${MONGO_PORT:-27017}"
REDIS_PORT="${REDIS_PORT:-6379}"
# Not 5432, so that a system PostgreSQL does not clash.
PG_PORT="${PG_PORT:-5433}"
FERRETDB_PG_POOL="${FERRETDB_PG_POOL:-200}"
PROMETHEUS_PORT="${PROMETHEUS_PORT:-9090}"
JAEGER_QUERY_PORT="${JAEGER_QUERY_PORT:-16686}"
JAEGER_QUERY_GRPC_PORT="${JAEGER_QUERY_GRPC_PORT:-16685}"
OTLP_GRPC_PORT="${OTLP_GRPC_PORT:-4317}"
OTLP_HTTP_PORT="${OTLP_HTTP_PORT:-4318}"
KAFKA_READY_TIMEOUT="${KAFKA_READY_TIMEOUT:-90}"
MONGO_READY_TIMEOUT="${MONGO_READY_TIMEOUT:-30}"
REDIS_READY_TIMEOUT="${REDIS_READY_TIMEOUT:-20}"
PG_READY_TIMEOUT="${PG_READY_TIMEOUT:-60}"
PROMETHEUS_READY_TIMEOUT="${PROMETHEUS_READY_TIMEOUT:-30}"
JAEGER_READY_TIMEOUT="${JAEGER_READY_TIMEOUT:-30}"
STOP_TIMEOUT="${STOP_TIMEOUT:-30}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
POLL=0.25
# The Go toolchain fetched when the machine has no Go >= 1.21 (see go_toolchain).
GO_TOOLCHAIN=go1.24.13
GOPROXY_URL="${GOPROXY_URL:-https://proxy.golang.org}"

# shellcheck source=stack/common.sh
source "$REPO/scripts/stack/common.sh"
# shellcheck source=stack/kafka.sh
source "$REPO/scripts/stack/kafka.sh"
# shellcheck source=stack/postgres.sh
source "$REPO/scripts/stack/postgres.sh"
# shellcheck source=stack/ferretdb.sh
source "$REPO/scripts/stack/ferretdb.sh"
# shellcheck source=stack/mongo.sh
source "$REPO/scripts/stack/mongo.sh"
# shellcheck source=stack/redis.sh
source "$REPO/scripts/stack/redis.sh"
# shellcheck source=stack/prometheus.sh
source "$REPO/scripts/stack/prometheus.sh"
# shellcheck source=stack/jaeger.sh
source "$REPO/scripts/stack/jaeger.sh"

# ---------------------------------------------------------------- commands

# Plain values where possible so the file also works as a GNU make include;
# single quotes only for values (e.g. an external MONGO_URI) that need them.
env_line() {
  if [[ "$2" =~ ^[A-Za-z0-9._:,/@+=-]*$ ]]; then
    printf 'export %s=%s\n' "$1" "$2"
  else
    printf "export %s='%s'\n" "$1" "${2//\'/\'\\\'\'}"
  fi
}

write_env() {
  kafka_layout
  local rf=1
  [ "$K_NODES" -eq 3 ] && rf=3
  {
    echo "# Written by scripts/stack.sh up; removed by scripts/stack.sh down."
    env_line KAFKA_BROKERS "$(kafka_brokers)"
    env_line MONGO_URI "$(mongo_uri)"
    env_line REDIS_ADDR "127.0.0.1:$(redis_port)"
    env_line KAFKA_REPLICATION_FACTOR "$rf"
    env_line PROMETHEUS_URL "$(prometheus_url)"
    env_line JAEGER_QUERY_URL "$(jaeger_query_url)"
    env_line OTLP_HTTP_ENDPOINT "$(otlp_http_endpoint)"
    env_line OTLP_GRPC_ENDPOINT "127.0.0.1:$(jaeger_otlp_grpc_port)"
  } >"$LOCAL/stack.env.tmp"
  mv "$LOCAL/stack.env.tmp" "$LOCAL/stack.env"
}

cmd_up() {
  local t0 bg rc=0
  t0=$(now)
  lock
  mkdir -p "$RUN" "$LOGS" "$DATA" "$CACHE" "$BIN"
  kafka_layout start
  # The slow first-run steps (network-bound jar download, CPU-bound Go builds)
  # overlap; each one is a no-op once its marker matches. The two Go builds run one after the
  # other: each alone already takes every core.
  kafka_libs &
  bg=$!
  (mongo_prepare && jaeger_build) || rc=$?
  wait "$bg" || rc=1
  [ $rc -eq 0 ] || die "preparation failed"
  redis_start
  mongo_start
  kafka_start
  prometheus_start
  jaeger_start
  write_env
  say "stack up in $(since "$t0"); env in ${LOCAL#"$REPO"/}/stack.env"
  say "prometheus      $(prometheus_url)  (scrapes the service on 127.0.0.1:7070/metrics)"
  say "jaeger query    $(jaeger_query_url)/api/traces?service=products-service  (API only: no UI in a module build)"
  say "OTLP endpoints  $(otlp_http_endpoint)/v1/traces (HTTP), 127.0.0.1:$(jaeger_otlp_grpc_port) (gRPC)"
}

cmd_down() {
  lock
  # Stop clients-facing services first; Kafka takes longest, run it alongside.
  (
    kafka_stop
    for K_CLUSTER in $(kafka_named_clusters); do kafka_stop; done
  ) &
  local k=$! rc=0
  # FerretDB before its PostgreSQL, which then need not wait for FerretDB's connections.
  jaeger_stop || rc=1
  prometheus_stop || rc=1
  mongo_stop || rc=1
  postgres_stop || rc=1
  redis_stop || rc=1
  wait "$k" || rc=1
  rm -f "$LOCAL/stack.env"
  [ $rc -eq 0 ] || die "some components did not stop"
  say "stack down"
}

cmd_status() {
  local rc=0
  kafka_status || rc=1
  mongo_status || rc=1
  if live_pid postgres >/dev/null ||
    { [ "$(mongo_mode)" = ferretdb ] && [ "$(ferretdb_backend)" = postgresql ]; }; then
    postgres_status || rc=1
  fi
  redis_status || rc=1
  prometheus_status || rc=1
  jaeger_status || rc=1
  return $rc
}

cmd_component() {
  local action=$1 name=${2:-}
  lock
  mkdir -p "$RUN" "$LOGS" "$DATA"
  case "$action:$name" in
    stop:redis)
      [ ! -f "$RUN/redis.external" ] || die "redis on port $(redis_port) is external; not stopping it"
      local port
      port=$(redis_port)
      redis_stop
      # The port must really be closed before a test relies on Redis being gone.
      local deadline=$((SECONDS + STOP_TIMEOUT))
      while port_open "$port"; do
        [ $SECONDS -lt $deadline ] || die "redis port $port still open"
        sleep "$POLL"
      done
      # Keep the port record so start-component brings it back where it was.
      echo "$port" >"$RUN/redis.port" ;;
    start:redis)
      REDIS_PORT=$(redis_port) redis_start ;;
    stop:mongo)
      [ "$(mongo_mode)" != external ] || die "mongo is external (MONGO_URI); not stopping it"
      # Only the wire server: FerretDB's PostgreSQL stays up, so that start is fast.
      local port mode backend
      port=$(mongo_port); mode=$(mongo_mode); backend=$(ferretdb_backend)
      mongo_stop
      local deadline=$((SECONDS + STOP_TIMEOUT))
      while port_open "$port"; do
        [ $SECONDS -lt $deadline ] || die "mongo port $port still open"
        sleep "$POLL"
      done
      echo "$port" >"$RUN/mongo.port"; echo "$mode" >"$RUN/mongo.mode"
      [ "$mode" != ferretdb ] || echo "$backend" >"$RUN/ferretdb.backend" ;;
    start:mongo)
      MONGO_PORT=$(mongo_port) mongo_start ;;
    stop:postgres)
      local port
      port=$(pg_port)
      postgres_stop
      echo "$port" >"$RUN/postgres.port" ;;
    start:postgres)
      PG_PORT=$(pg_port) postgres_start ;;
    stop:kafka)
      kafka_layout
      local n=$K_NODES b=$K_BASE
      kafka_stop
      # Remember the layout so start-component kafka restores the same cluster.
      echo "$n" >"$RUN/$K_ID-nodes"; echo "$b" >"$RUN/$K_ID-port" ;;
    start:kafka)
      kafka_start ;;
    # Both keep their port records, so that start-component brings them back where they were.
    stop:prometheus)
      prometheus_stop keep-ports ;;
    start:prometheus)
      prometheus_start ;;
    stop:jaeger)
      jaeger_stop keep-ports ;;
    start:jaeger)
      jaeger_start ;;
    *) die "usage: $0 $action-component redis|mongo|postgres|kafka|prometheus|jaeger" ;;
  esac
}

# One Kafka cluster alone: the stack's, or with KAFKA_CLUSTER a named one beside it.
cmd_kafka() {
  K_CLUSTER=${KAFKA_CLUSTER:-}
  [[ "$K_CLUSTER" =~ ^[a-z0-9]*$ ]] || die "KAFKA_CLUSTER must be lower-case letters and digits (got $K_CLUSTER)"
  case "${1:-}" in
    up) lock; mkdir -p "$RUN" "$LOGS" "$DATA" "$CACHE"; kafka_start ;;
    down) lock; kafka_stop ;;
    status) kafka_status ;;
    brokers) kafka_layout; kafka_brokers ;;
    controller) kafka_controller ;;
    kill) lock; kafka_kill "${2:-}" ;;
    *) die "usage: $0 kafka up|down|status|brokers|controller|kill N" ;;
  esac
}

usage() { sed -n '2,36p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  stop-component) cmd_component stop "${2:-}" ;;
  start-component) cmd_component start "${2:-}" ;;
  go) go_toolchain ;;
  kafka) cmd_kafka "${2:-}" "${3:-}" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
