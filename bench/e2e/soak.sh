#!/usr/bin/env bash
# `make soak`, after the release build and `make stack-up`: mixed traffic for SOAK_MINUTES against
# one release instance on a database, topics, consumer group and Redis prefix of its own, with the
# service's RSS, open fds, threads and each kind's latency per minute (see soak_main.cpp). Not part
# of `make test`. Writes bench/e2e/results/soak.md.
#
# Environment (all optional): SOAK_MINUTES=10, SOAK_READ_CONNECTIONS=4, SOAK_WRITE_CONNECTIONS=2,
# SOAK_DRAIN_SECONDS=600 (how long to wait for the consumer's backlog after the traffic);
# SOAK_STACK_ENV (default .local/stack.env) to measure against a stack run from another checkout;
# SOAK_HTTP_PORT=5210, SOAK_GRPC_PORT=5758, SOAK_METRICS_PORT=7174.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$REPO/build/release"
SOAK="$BUILD/bench/e2e/products_soak"
STACK_ENV="${SOAK_STACK_ENV:-$REPO/.local/stack.env}"
REPORT="$REPO/bench/e2e/results/soak.md"
LOG="$REPO/.local/log/soak-service.log"
# shellcheck source=bench/e2e/service.sh
source "$REPO/bench/e2e/service.sh"

say() { printf 'soak: %s\n' "$*"; }
die() { printf 'soak: ERROR: %s\n' "$*" >&2; exit 1; }

[ -x "$SOAK" ] || die "$SOAK is missing: run 'make soak' (it builds the release preset)"
[ -f "$STACK_ENV" ] || die "$STACK_ENV is missing: the stack is not up ('make stack-up')"
set -a; source "$STACK_ENV"; set +a

run_id=$(date +%s)
export HTTP_PORT="${SOAK_HTTP_PORT:-5210}" GRPC_PORT="${SOAK_GRPC_PORT:-5758}" METRICS_PORT="${SOAK_METRICS_PORT:-7174}"
export MONGO_DATABASE="products_soak_${run_id}" KAFKA_GROUP_ID="soak_${run_id}"
export KAFKA_CREATE_TOPIC="soak-${run_id}-create" KAFKA_UPDATE_TOPIC="soak-${run_id}-update"
export KAFKA_DELETE_TOPIC="soak-${run_id}-delete" KAFKA_DEAD_LETTER_TOPIC="soak-${run_id}-dlq"
export REDIS_KEY_PREFIX="soak:${run_id}:" LOGGING_LEVEL=warn TRACING_ENDPOINT=""
topics="$KAFKA_CREATE_TOPIC,$KAFKA_UPDATE_TOPIC,$KAFKA_DELETE_TOPIC,$KAFKA_DEAD_LETTER_TOPIC"

for port in "$HTTP_PORT" "$GRPC_PORT" "$METRICS_PORT"; do
  [ -z "$(ss -Hltn "sport = :$port" 2>/dev/null)" ] || die "port $port is taken"
done

service_pid=""
cleanup() {
  local rc=$?
  [ -z "$service_pid" ] || stop_pid "$service_pid"
  "$BUILD/tools/create-topics" --brokers "$KAFKA_BROKERS" --topics "$topics" --delete >/dev/null || true
  "$BUILD/bench/e2e/products_bench_e2e" --cleanup >/dev/null || true
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$BUILD/tools/create-topics" --brokers "$KAFKA_BROKERS" --replication-factor "$KAFKA_REPLICATION_FACTOR" \
  --topics "$topics" >/dev/null
"$BUILD/tools/mongo-init" --uri "$MONGO_URI" --database "$MONGO_DATABASE"

say "starting the service (http $HTTP_PORT, metrics $METRICS_PORT), log: $LOG"
start_service "$LOG"
service_pid=$started_pid

# Commands accepted but not yet applied and committed (kafka_consumer_lag over every partition):
# what the consumer may be holding in memory.
lag() {
  curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" 2>/dev/null \
    | awk '$1 ~ /^kafka_consumer_lag\{/ { s += $2 } END { print s + 0 }'
}
rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$service_pid/status"; }

commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$REPO" diff --quiet HEAD 2>/dev/null || commit="$commit + uncommitted changes"
mkdir -p "$(dirname "$REPORT")"
lag_log=$(mktemp)
(while sleep 60; do printf '%s %s\n' "$(lag)" "$(rss_mib)"; done) >"$lag_log" &
sampler=$!
if ! SOAK_COMMIT="$commit" "$SOAK" --port "$HTTP_PORT" --pid "$service_pid" --report "$REPORT"; then
  kill "$sampler"
  printf -- '----- last 30 lines of %s -----\n' "$LOG" >&2
  tail -n 30 "$LOG" >&2
  exit 1
fi
kill "$sampler"

{
  printf '\nConsumer backlog beside RSS, sampled every 60 s from the start (with the seeding):\n\n'
  printf '| sample | commands not yet applied | RSS MiB |\n|---:|---:|---:|\n'
  awk '{ printf "| %d | %s | %s |\n", NR, $1, $2 }' "$lag_log"
} | tee -a "$REPORT"
rm -f "$lag_log"

# With no more traffic, the consumer works off its backlog: memory that was the backlog's is then
# free again (whether the allocator hands it back to the system is another matter), a leak is not.
drain_start=$SECONDS
while [ "$(lag)" != 0 ] && ((SECONDS - drain_start < ${SOAK_DRAIN_SECONDS:-600})); do sleep 5; done
printf '\nAfter the traffic: backlog %s after %s s of draining; RSS %s MiB, %s open fds.\n' "$(lag)" \
  "$((SECONDS - drain_start))" "$(rss_mib)" "$(find "/proc/$service_pid/fd" -mindepth 1 | wc -l)" | tee -a "$REPORT"

# The cache's own count of hits and misses, to show what share of the reads it really served.
metrics=$(curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" || true)
count() { awk -v r="result=\"$1\"" '$1 ~ /^cache_requests_total/ && index($1, r) { s += $2 } END { print s + 0 }' <<<"$metrics"; }
printf '\nThe cache over the run: %s hits, %s misses (cache_requests_total).\n' "$(count hit)" "$(count miss)" \
  | tee -a "$REPORT"
say "report: $REPORT"
