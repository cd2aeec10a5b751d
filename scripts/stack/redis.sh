# shellcheck shell=bash
# Redis, or a Redis already answering on the port (then shared, never stopped).
# Sourced by scripts/stack.sh; relies on its variables (REPO, RUN, LOGS, DATA, CACHE, BIN, …).

redis_port() { cat "$RUN/redis.port" 2>/dev/null || echo "$REDIS_PORT"; }

redis_start() {
  local port t0
  command -v redis-server >/dev/null || die "redis-server not found; run scripts/deps.sh"
  if live_pid redis >/dev/null; then
    port=$(redis_port)
  else
    port=$REDIS_PORT
    rm -f "$RUN/redis.external"
    # A Redis somebody else runs is fine to share; we then must never stop it.
    if redis_ping "$port"; then
      touch "$RUN/redis.external"
      echo "$port" >"$RUN/redis.port"
      say "redis: reusing the server already answering on 127.0.0.1:$port (external, will not be stopped)"
      return 0
    fi
    require_free_port "$port" "redis" "set REDIS_PORT to another port"
    mkdir -p "$DATA/redis" "$LOGS"
    t0=$(now)
    say "starting redis on 127.0.0.1:$port…"
    # appendonly: tests stop and restart Redis and expect the data back.
    spawn redis "$LOGS/redis.log" redis-server --bind 127.0.0.1 --port "$port" \
      --daemonize no --protected-mode yes --dir "$DATA/redis" --logfile "" \
      --appendonly yes --save "60 1"
    echo "$port" >"$RUN/redis.port"
  fi
  await_component redis redis REDIS_READY_TIMEOUT "$LOGS/redis.log" "${t0:-}" "$port" redis_ping "$port"
}

redis_stop() {
  if [ -f "$RUN/redis.external" ]; then
    say "redis: external, leaving it running"
    rm -f "$RUN/redis.external" "$RUN/redis.port"
    return 0
  fi
  terminate redis
  rm -f "$RUN/redis.port"
}

redis_status() {
  local port pid
  port=$(redis_port)
  if [ -f "$RUN/redis.external" ]; then
    if redis_ping "$port"; then
      printf '%-8s up    127.0.0.1:%-6s external\n' redis "$port"; return 0
    fi
    printf '%-8s down  127.0.0.1:%-6s external\n' redis "$port"; return 1
  fi
  if pid=$(live_pid redis) && redis_ping "$port"; then
    printf '%-8s up    127.0.0.1:%-6s pid %s\n' redis "$port" "$pid"
  else
    printf '%-8s down  127.0.0.1:%-6s\n' redis "$port"
    return 1
  fi
}

