# shellcheck shell=bash
# The MongoDB-wire server: an external MONGO_URI, a mongod on the PATH, or the embedded FerretDB.
# Sourced by scripts/stack.sh; relies on its variables (REPO, RUN, LOGS, DATA, CACHE, BIN, …).

# MONGO_URI names an external server, unless it is this stack's own address, as in an
# exported .local/stack.env: a server of ours that runs there, or would, is still ours to
# start and stop.
mongo_uri_is_ours() {
  if live_pid mongo >/dev/null; then
    [ "$MONGO_URI" = "$(local_mongo_uri "$(mongo_port)")" ]
  else
    [ "$MONGO_URI" = "$(local_mongo_uri "$MONGO_PORT")" ] && ! port_listening "$MONGO_PORT"
  fi
}

local_mongo_uri() { echo "mongodb://127.0.0.1:$1"; }

# external: MONGO_URI given; mongod: a real mongod is installed; else ferretdb.
mongo_wanted_mode() {
  if [ -n "${MONGO_URI:-}" ] && ! mongo_uri_is_ours; then echo external
  elif command -v mongod >/dev/null; then echo mongod
  else echo ferretdb
  fi
}

mongo_mode() { cat "$RUN/mongo.mode" 2>/dev/null || mongo_wanted_mode; }
mongo_port() { cat "$RUN/mongo.port" 2>/dev/null || echo "$MONGO_PORT"; }

mongo_prepare() {
  [ "$(mongo_wanted_mode)" = ferretdb ] || return 0
  ferretdb_backend_check
  ferretdb_build
}

mongo_start() {
  local mode port t0 log
  mode=$(mongo_wanted_mode)
  if [ "$mode" = external ]; then
    echo external >"$RUN/mongo.mode"
    printf '%s' "$MONGO_URI" >"$RUN/mongo.uri"
    say "mongo: using external MONGO_URI, starting no server"
    return 0
  fi
  if live_pid mongo >/dev/null; then
    mode=$(mongo_mode); port=$(mongo_port)
    # Its backend must be up too (a restart of PostgreSQL alone is legal).
    [ "$mode" != ferretdb ] || ferretdb_backend_start
  else
    port=$MONGO_PORT
    rm -f "$RUN/mongo.uri"
    require_free_port "$port" "mongo" "set MONGO_PORT to another port, or MONGO_URI to use that server"
    log="$LOGS/$mode.log"
    if [ "$mode" = mongod ]; then
      t0=$(now)
      say "starting mongo ($mode) on 127.0.0.1:$port…"
      mkdir -p "$DATA/mongod"
      spawn mongo "$log" mongod --bind_ip 127.0.0.1 --port "$port" --dbpath "$DATA/mongod"
    else
      ferretdb_build
      ferretdb_backend_start
      t0=$(now)
      say "starting mongo ($mode on $(ferretdb_backend)) on 127.0.0.1:$port…"
      ferretdb_backend_args
      spawn mongo "$log" "$FERRET_BIN" -listen-addr "127.0.0.1:$port" "${FERRET_ARGS[@]}"
    fi
    echo "$mode" >"$RUN/mongo.mode"
    echo "$port" >"$RUN/mongo.port"
  fi
  await_component mongo "mongo ($(mongo_label))" MONGO_READY_TIMEOUT "$LOGS/$mode.log" "${t0:-}" "$port" \
    wire_ping "$port"
}

# "ferretdb on postgresql", "mongod", …
mongo_label() {
  if [ "$(mongo_mode)" = ferretdb ]; then echo "ferretdb on $(ferretdb_backend)"; else mongo_mode; fi
}

mongo_stop() {
  if [ "$(cat "$RUN/mongo.mode" 2>/dev/null)" = external ]; then
    say "mongo: external, nothing to stop"
    rm -f "$RUN/mongo.mode" "$RUN/mongo.uri"
    return 0
  fi
  terminate mongo
  rm -f "$RUN/mongo.mode" "$RUN/mongo.port" "$RUN/ferretdb.backend"
}

mongo_status() {
  local mode port pid
  mode=$(mongo_mode); port=$(mongo_port)
  if [ "$mode" = external ]; then
    printf '%-8s up    external (%s)\n' mongo "$(cat "$RUN/mongo.uri" 2>/dev/null || echo "${MONGO_URI:-}")"
    return 0
  fi
  if pid=$(live_pid mongo) && wire_ping "$port"; then
    printf '%-8s up    127.0.0.1:%-6s pid %s (%s)\n' mongo "$port" "$pid" "$(mongo_label)"
  else
    printf '%-8s down  127.0.0.1:%-6s (%s)\n' mongo "$port" "$(mongo_label)"
    return 1
  fi
}

mongo_uri() {
  if [ "$(mongo_mode)" = external ]; then cat "$RUN/mongo.uri"
  else local_mongo_uri "$(mongo_port)"
  fi
}

