#!/usr/bin/env bash
# `make bench-tracing`, after the release build and `make stack-up`: what tracing at 100 % costs
# the cached GET path. Starts four release instances on a database, topics and Redis prefix of
# their own: two with tracing off (the second, a control, shows the method's noise), one
# exporting every span to the benchmark's counting OTLP receiver, one exporting every span to the
# stack's Jaeger; runs
# build/release/bench/e2e/products_bench_tracing against them (see tracing_main.cpp), then adds
# the traced instances' dropped-span counts and whether Jaeger received its spans.
#
# Environment (all optional): BENCH_ROUNDS=3, BENCH_DURATION=5 (seconds per phase),
# BENCH_CONNECTIONS=64; BENCH_STACK_ENV (default .local/stack.env; the collector's pid is read
# from the run/ folder beside it); BENCH_SERVICE_CPUS and BENCH_CLIENT_CPUS (taskset lists: the
# instances on some CPUs, the load generator on others, e.g. 0 and 1); BENCH_ISOLATE=1 (with both:
# every other process of the machine on BENCH_CLIENT_CPUS for the run) and BENCH_SERVICE_CORES
# (0.5: each instance limited to half a core, so that it is the bottleneck; empty: no limit), see
# cpu_control.sh.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$REPO/build/release"
BENCH="$BUILD/bench/e2e/products_bench_tracing"
STACK_ENV="${BENCH_STACK_ENV:-$REPO/.local/stack.env}"
REPORT="$REPO/bench/e2e/results/tracing.md"
LOGS="$REPO/.local/log"
# shellcheck source=bench/e2e/service.sh
source "$REPO/bench/e2e/service.sh"
# shellcheck source=bench/e2e/cpu_control.sh
source "$REPO/bench/e2e/cpu_control.sh"

say() { printf 'bench-tracing: %s\n' "$*"; }
die() { printf 'bench-tracing: ERROR: %s\n' "$*" >&2; exit 1; }

export BENCH_SERVICE_CORES="${BENCH_SERVICE_CORES-0.5}"
[ -x "$BENCH" ] || die "$BENCH is missing: run 'make bench-tracing' (it builds the release preset)"
[ -f "$STACK_ENV" ] || die "$STACK_ENV is missing: the stack is not up ('make stack-up')"
set -a; source "$STACK_ENV"; set +a

run_id=$(date +%s)
export MONGO_DATABASE=products_bench_tracing KAFKA_GROUP_ID="bench_tracing_${run_id}"
export KAFKA_CREATE_TOPIC="bench-tracing-${run_id}-create" KAFKA_UPDATE_TOPIC="bench-tracing-${run_id}-update"
export KAFKA_DELETE_TOPIC="bench-tracing-${run_id}-delete" KAFKA_DEAD_LETTER_TOPIC="bench-tracing-${run_id}-dlq"
export REDIS_KEY_PREFIX="bench:tracing:" LOGGING_LEVEL=warn
topics="$KAFKA_CREATE_TOPIC,$KAFKA_UPDATE_TOPIC,$KAFKA_DELETE_TOPIC,$KAFKA_DEAD_LETTER_TOPIC"
traced_name="products-service-bench-traced-${run_id}"
off_port=5208 on_port=5209 on_metrics=7172 counted_port=5210 counted_metrics=7173 counter_port=4328 control_port=5211

for port in $off_port $on_port $counted_port $control_port 5756 5757 5758 5759 7171 $on_metrics $counted_metrics 7174 \
  $counter_port; do
  [ -z "$(ss -Hltn "sport = :$port" 2>/dev/null)" ] || die "port $port is taken"
done

pids=()
cleanup() {
  local rc=$? pid
  release_cpu_control
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  "$BUILD/tools/create-topics" --brokers "$KAFKA_BROKERS" --topics "$topics" --delete >/dev/null || true
  "$BUILD/bench/e2e/products_bench_e2e" --cleanup >/dev/null || true
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$BUILD/tools/create-topics" --brokers "$KAFKA_BROKERS" --replication-factor "$KAFKA_REPLICATION_FACTOR" \
  --topics "$topics" >/dev/null
"$BUILD/tools/mongo-init" --uri "$MONGO_URI" --database "$MONGO_DATABASE"

say "starting the untraced instances (http $off_port, $control_port) and the traced ones (http $counted_port → the counting" \
  "receiver on $counter_port, http $on_port → $OTLP_HTTP_ENDPOINT)"
HTTP_PORT=$off_port GRPC_PORT=5756 METRICS_PORT=7171 TRACING_ENDPOINT="" start_service "$LOGS/bench-tracing-off.log"
pids+=("$started_pid")
HTTP_PORT=$on_port GRPC_PORT=5757 METRICS_PORT=$on_metrics TRACING_ENDPOINT="$OTLP_HTTP_ENDPOINT" \
  TRACING_SAMPLE_RATIO=1 SERVICE_NAME="$traced_name" start_service "$LOGS/bench-tracing-on.log"
pids+=("$started_pid")
HTTP_PORT=$control_port GRPC_PORT=5759 METRICS_PORT=7174 TRACING_ENDPOINT="" start_service "$LOGS/bench-tracing-control.log"
pids+=("$started_pid")
HTTP_PORT=$counted_port GRPC_PORT=5758 METRICS_PORT=$counted_metrics TRACING_ENDPOINT="http://127.0.0.1:$counter_port" \
  TRACING_SAMPLE_RATIO=1 start_service "$LOGS/bench-tracing-counted.log"
pids+=("$started_pid")

if [ -n "${BENCH_SERVICE_CORES:-}" ]; then
  for pid in "${pids[@]}"; do limit_cores "$pid" "$BENCH_SERVICE_CORES"; done
fi
if [ "${BENCH_ISOLATE:-0}" = 1 ]; then
  [ -n "${BENCH_SERVICE_CPUS:-}" ] && [ -n "${BENCH_CLIENT_CPUS:-}" ] ||
    die "BENCH_ISOLATE=1 needs BENCH_SERVICE_CPUS and BENCH_CLIENT_CPUS"
  isolate_others "$BENCH_CLIENT_CPUS" "${pids[@]}"
  say "isolated: $isolated other processes confined to CPUs $BENCH_CLIENT_CPUS until the end of the run"
fi

commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$REPO" diff --quiet HEAD 2>/dev/null || commit="$commit + uncommitted changes"
mkdir -p "$(dirname "$REPORT")"
client_pin=()
[ -z "${BENCH_CLIENT_CPUS:-}" ] || client_pin=(taskset -c "$BENCH_CLIENT_CPUS")
BENCH_COMMIT="$commit" "${client_pin[@]}" "$BENCH" --off-port $off_port --off-pid "${pids[0]}" \
  --on-port $on_port --on-pid "${pids[1]}" --counted-port $counted_port --counted-pid "${pids[3]}" \
  --control-port $control_port --control-pid "${pids[2]}" \
  --counter-port $counter_port --collector-pid "$(cat "$(dirname "$STACK_ENV")/run/jaeger.pid" 2>/dev/null || echo 0)" \
  --report "$REPORT"

dropped() { curl -fsS "http://127.0.0.1:$1/metrics" | awk '$1 == "otel_spans_dropped_total" { print $2 }'; }
in_jaeger=no
curl -fsS "$JAEGER_QUERY_URL/api/services" | grep -q "$traced_name" && in_jaeger=yes
printf '\nSpans dropped (the exporter queue full): %s by the instance exporting to Jaeger, %s by the one\nexporting to the counting receiver. Spans reached Jaeger: %s.\n' \
  "$(dropped $on_metrics || echo unknown)" "$(dropped $counted_metrics || echo unknown)" "$in_jaeger" | tee -a "$REPORT"
if [ "${BENCH_ISOLATE:-0}" = 1 ]; then
  printf 'Isolated (cgroup cpuset): the instances alone on CPUs %s; the load generator, the trace receivers, the\nstack and every other process of the machine on CPUs %s.\n' \
    "$BENCH_SERVICE_CPUS" "$BENCH_CLIENT_CPUS" | tee -a "$REPORT"
elif [ -n "${BENCH_SERVICE_CPUS:-}${BENCH_CLIENT_CPUS:-}" ]; then
  printf 'Pinned (taskset): the instances on CPUs %s, the load generator on %s; the collector and the stack were not.\n' \
    "${BENCH_SERVICE_CPUS:-any}" "${BENCH_CLIENT_CPUS:-any}" | tee -a "$REPORT"
fi
[ -z "${BENCH_SERVICE_CORES:-}" ] ||
  printf 'Limited (cgroup CPU quota): each instance to %s of a core, as a CPU limit would.\n' "$BENCH_SERVICE_CORES" |
  tee -a "$REPORT"
say "report: $REPORT"
