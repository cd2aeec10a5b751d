# Sourced by run.sh and tracing.sh (which set REPO and BUILD): the release service in the
# background with the caller's environment, and its stop with a deadline.
STOP_TIMEOUT=30

# start_service LOG: starts it; its pid is in $started_pid. With BENCH_SERVICE_CPUS (a taskset
# list) it runs on those CPUs only, to keep it apart from the load generator and the stack.
start_service() {
  local pin=()
  [ -z "${BENCH_SERVICE_CPUS:-}" ] || pin=(taskset -c "$BENCH_SERVICE_CPUS")
  mkdir -p "$(dirname "$1")"
  (cd "$REPO" && exec "${pin[@]}" "$BUILD/products-service" --config config/config.yaml) >"$1" 2>&1 &
  started_pid=$!
}

# stop_pid PID: SIGTERM, then SIGKILL when it has not exited within STOP_TIMEOUT seconds.
stop_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    printf 'bench: the service (pid %s) did not stop within %ss; killing it\n' "$pid" "$STOP_TIMEOUT"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
