#!/usr/bin/env bash
# `make bench-e2e`, after the release build and `make stack-up`: starts the release service in the
# background on the benchmark's own database, topics, consumer group and Redis key prefix (so that
# it shares the stack with nobody's data), runs build/release/bench/e2e/products_bench_e2e against
# it, stops it, cleans up, and draws the chart. Results go to bench/e2e/results/.
#
# Environment (all optional): BENCH_SIZES=1000,10000,100000 and the other BENCH_* settings of
# `products_bench_e2e --help`; BENCH_STACK_ENV (default .local/stack.env); BENCH_HTTP_PORT=5207,
# BENCH_GRPC_PORT=5755; BENCH_LOG_LEVEL=info (the service's, as `make run` has it);
# BENCH_KEEP=1 leaves the database and topics in place.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$REPO/build/release"
BENCH="$BUILD/bench/e2e/products_bench_e2e"
STACK_ENV="${BENCH_STACK_ENV:-$REPO/.local/stack.env}"
RESULTS="${BENCH_RESULTS_DIR:-$REPO/bench/e2e/results}"
LOG="$REPO/.local/log/bench-e2e-service.log"
# shellcheck source=bench/e2e/service.sh
source "$REPO/bench/e2e/service.sh"

say() { printf 'bench-e2e: %s\n' "$*"; }
die() { printf 'bench-e2e: ERROR: %s\n' "$*" >&2; exit 1; }

[ -x "$BENCH" ] || die "$BENCH is missing: run 'make bench-e2e' (it builds the release preset)"
[ -f "$STACK_ENV" ] || die "$STACK_ENV is missing: the stack is not up ('make stack-up')"
command -v gnuplot >/dev/null || die "gnuplot is missing ('make deps' installs it)"
set -a; source "$STACK_ENV"; set +a

# The service reads every config key from SECTION_KEY variables; the benchmark reads the same ones.
# Topics and group are new each run, so that nothing left by an earlier run can be counted.
run_id=$(date +%s)
export HTTP_PORT="${BENCH_HTTP_PORT:-5207}" GRPC_PORT="${BENCH_GRPC_PORT:-5755}"
export MONGO_DATABASE="${BENCH_DATABASE:-products_bench}"
export KAFKA_GROUP_ID="bench_${run_id}_products_group"
# Commits every 100 ms rather than every second: the applied rate is read from the commits.
export KAFKA_COMMIT_INTERVAL_MS=100
export KAFKA_CREATE_TOPIC="bench-${run_id}-create-product" KAFKA_UPDATE_TOPIC="bench-${run_id}-update-product"
export KAFKA_DELETE_TOPIC="bench-${run_id}-delete-product" KAFKA_DEAD_LETTER_TOPIC="bench-${run_id}-dead-letter-queue"
export REDIS_KEY_PREFIX="bench:products:"
export LOGGING_LEVEL="${BENCH_LOG_LEVEL:-info}"
topics="$KAFKA_CREATE_TOPIC,$KAFKA_UPDATE_TOPIC,$KAFKA_DELETE_TOPIC,$KAFKA_DEAD_LETTER_TOPIC"

for port in "$HTTP_PORT" "$GRPC_PORT"; do
  if [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]; then
    die "port $port is taken; set BENCH_HTTP_PORT / BENCH_GRPC_PORT to free ones"
  fi
done

service_pid=""
stop_service() {
  [ -n "$service_pid" ] || return 0
  stop_pid "$service_pid"
  service_pid=""
}
cleanup() {
  local rc=$?
  stop_service
  if [ -z "${BENCH_KEEP:-}" ]; then
    "$BUILD/tools/create-topics" --brokers "$KAFKA_BROKERS" --topics "$topics" --delete >/dev/null || true
    "$BENCH" --cleanup >/dev/null || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "preparing database $MONGO_DATABASE and topics bench-${run_id}-*"
"$BENCH" --cleanup
"$BUILD/tools/create-topics" --brokers "$KAFKA_BROKERS" --replication-factor "$KAFKA_REPLICATION_FACTOR" \
  --topics "$topics" >/dev/null
"$BUILD/tools/mongo-init" --uri "$MONGO_URI" --database "$MONGO_DATABASE"

say "starting the service (http $HTTP_PORT, grpc $GRPC_PORT), log: $LOG"
start_service "$LOG"
service_pid=$started_pid

commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$REPO" diff --quiet HEAD 2>/dev/null || commit="$commit + uncommitted changes"
# Which server answers on the MongoDB port, from its own command line (FerretDB names its backend
# there: -sqlite-dir or -postgresql-url).
mongo_port=$(sed -E 's|^mongodb://([^/@]*@)?[^:/]*:?([0-9]*).*|\2|' <<<"$MONGO_URI")
mongo_pid=$(ss -Hltnp "sport = :${mongo_port:-27017}" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true)
mongo_cmd=$([ -n "$mongo_pid" ] && tr '\0' ' ' <"/proc/$mongo_pid/cmdline" 2>/dev/null || true)
case "$mongo_cmd" in
  *ferretdb*postgres*) stack_note="FerretDB on PostgreSQL" ;;
  *ferretdb*sqlite*) stack_note="FerretDB on SQLite" ;;
  *mongod*) stack_note="mongod" ;;
  *) stack_note="the server at $MONGO_URI" ;;
esac

mkdir -p "$RESULTS"
if ! BENCH_SERVICE_PID="$service_pid" BENCH_SERVICE_LOG="$LOG" BENCH_COMMIT="$commit" \
     BENCH_STACK_NOTE="$stack_note" BENCH_RESULTS_DIR="$RESULTS" "$BENCH"; then
  printf -- '----- last 30 lines of %s -----\n' "$LOG" >&2
  tail -n 30 "$LOG" >&2
  exit 1
fi
stop_service
gnuplot -e "data='$RESULTS/data.tsv'; out='$RESULTS/chart.png'" "$REPO/bench/e2e/chart.gp"
say "report: $RESULTS/report.md, chart: $RESULTS/chart.png"
