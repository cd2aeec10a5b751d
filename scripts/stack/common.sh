# shellcheck shell=bash
# Helpers shared by the components: logging, pid files, process groups, ports, readiness.
# Sourced by scripts/stack.sh; relies on its variables (REPO, RUN, LOGS, DATA, CACHE, BIN, …).

say() { printf 'stack: %s\n' "$*"; }
die() { printf 'stack: ERROR: %s\n' "$*" >&2; exit 1; }

now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# Last lines of a component's own log(s), so a failure explains itself.
show_log() {
  local f
  for f in "$@"; do
    # Skip files holding nothing but our "starting" markers (e.g. a quiet stdout).
    grep -qv -e '^=====' -e '^$' "$f" 2>/dev/null || continue
    printf -- '----- last 40 lines of %s -----\n' "$f" >&2
    tail -n 40 "$f" >&2
    printf -- '----- end of %s -----\n' "$f" >&2
  done
}

# Process start time (clock ticks since boot): stored next to each pid so a
# stale pid file can never make us signal an unrelated process that reused it.
proc_start() { awk '{ sub(/^.*\) /, ""); print $20 }' "/proc/$1/stat" 2>/dev/null; }

# pid of component $1 if it is running and is the process we started, else fail.
live_pid() {
  local name=$1 pid start
  [ -f "$RUN/$name.pid" ] || return 1
  pid=$(cat "$RUN/$name.pid" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [ "$(proc_state "$pid")" != Z ] || return 1
  if [ -f "$RUN/$name.start" ]; then
    start=$(proc_start "$pid")
    [ "$start" = "$(cat "$RUN/$name.start")" ] || return 1
  fi
  printf '%s' "$pid"
}

# Zombies count as gone: in containers whose PID 1 does not reap orphans, a
# dead daemon lingers as a zombie that `kill -0` still reports as alive.
proc_state() { awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null; }
group_alive() {
  ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }' ||
    { kill -0 "$1" 2>/dev/null && [ "$(proc_state "$1")" != Z ]; }
}

# Starts "$@" in its own session (so `down` can kill the whole process group and
# no terminal hangup reaches it), output appended to $2, pid recorded as $1.pid.
spawn() {
  local name=$1 log=$2; shift 2
  local pidfile="$RUN/$name.pid" deadline
  rm -f "$pidfile" "$RUN/$name.start"
  mkdir -p "$(dirname "$log")"
  printf '\n===== %s starting at %s =====\n' "$name" "$(date -Is)" >>"$log"
  # $$ of the inner bash is the session (and process group) leader whether or
  # not setsid had to fork, and exec keeps that pid for the real program.
  setsid bash -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec nohup "$@"' \
    "$pidfile" "$@" >>"$log" 2>&1 </dev/null 9>&- &
  deadline=$((SECONDS + 10))
  until [ -s "$pidfile" ]; do
    [ $SECONDS -lt $deadline ] || { show_log "$log"; die "$name: process did not start"; }
    sleep 0.05
  done
  proc_start "$(cat "$pidfile")" >"$RUN/$name.start" || true
}

# TERM the process group, wait up to STOP_TIMEOUT, then KILL what is left.
terminate() {
  local name=$1 pid deadline
  if ! pid=$(live_pid "$name"); then
    rm -f "$RUN/$name.pid" "$RUN/$name.start"
    say "$name: not running"
    return 0
  fi
  say "stopping $name (pid $pid)…"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while group_alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep "$POLL"; done
  if group_alive "$pid"; then
    say "$name: still running after ${STOP_TIMEOUT}s, sending KILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 10))
    while group_alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep "$POLL"; done
    group_alive "$pid" && die "$name: pid $pid survived KILL"
  fi
  rm -f "$RUN/$name.pid" "$RUN/$name.start"
  say "$name stopped"
}

port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null; }

port_listening() {
  [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ] || port_open "$1"
}

# Refuses to start on a port somebody else already listens on, with a hint.
require_free_port() {
  local port=$1 what=$2 hint=$3 who
  port_listening "$port" || return 0
  who=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(.*)' | head -n1 || true)
  die "port $port (for $what) is already in use by another process ${who:-(unknown owner)}; stop it, or $hint"
}

# Polls "$@" until it succeeds; fails early if the component's process died.
# Returns 0 ready, 1 deadline passed, 2 process exited.
wait_ready() {
  local name=$1 timeout=$2; shift 2
  local deadline=$((SECONDS + timeout))
  while :; do
    "$@" && return 0
    live_pid "$name" >/dev/null || return 2
    [ $SECONDS -lt $deadline ] || return 1
    sleep "$POLL"
  done
}

# Waits for component $1 (a server on 127.0.0.1:$6), just started at $5 or, with $5 empty, found
# running, until "${@:7}" succeeds. On failure it shows the log $4, stops what is left and fails;
# $3 names the timeout variable for the message.
await_component() {
  local name=$1 label=$2 timeout_var=$3 log=$4 t0=$5 port=$6; shift 6
  local timeout=${!timeout_var} rc=0
  wait_ready "$name" "$timeout" "$@" || rc=$?
  case $rc in
    0) if [ -n "$t0" ]; then say "$label up on 127.0.0.1:$port in $(since "$t0")"
       else say "$label already up on 127.0.0.1:$port"; fi ;;
    1) show_log "$log"; terminate "$name" >/dev/null; die "$label not ready after ${timeout}s ($timeout_var)" ;;
    *) show_log "$log"; rm -f "$RUN/$name.pid"; die "$label exited during startup" ;;
  esac
}

# MongoDB wire-protocol ping: OP_MSG {ping: 1, $db: "admin"}, expecting ok: 1.
# Pure bash so the check works without mongosh or python on a fresh machine.
wire_ping() {
  local reply
  reply=$(timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "\x33\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\xdd\x07\x00\x00\x00\x00\x00\x00\x00\x1e\x00\x00\x00\x10ping\x00\x01\x00\x00\x00\x02\$db\x00\x06\x00\x00\x00admin\x00\x00" >&3
    dd bs=65536 count=1 <&3 2>/dev/null | od -An -v -tx1 | tr -d " \n"
  ' "$1" 2>/dev/null) || return 1
  # "ok" as double 1.0 (FerretDB, mongod) or as int32 1.
  case $reply in
    *016f6b00000000000000f03f* | *106f6b0001000000*) return 0 ;;
    *) return 1 ;;
  esac
}

redis_ping() { [ "$(timeout 2 redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ]; }

hash_files() { cat "$@" | sha256sum | cut -d' ' -f1; }

lock() {
  mkdir -p "$RUN"
  exec 9>"$RUN/.lock"
  # Concurrent make targets / test runs would otherwise race on pid files.
  flock -w 600 9 || die "another stack.sh is still running (lock $RUN/.lock)"
}

