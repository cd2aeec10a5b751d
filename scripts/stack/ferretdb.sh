# shellcheck shell=bash
# The embedded FerretDB: a Go toolchain, the build of tools/ferretdb, and its backend (PostgreSQL or SQLite).
# Sourced by scripts/stack.sh; relies on its variables (REPO, RUN, LOGS, DATA, CACHE, BIN, …).

# A Go new enough for tools/ferretdb/go.mod: the one on the PATH when it is >= 1.21 (it fetches
# the exact toolchain itself), else the pinned toolchain from the Go module proxy, because
# Debian 12's golang-go (1.19) is too old for FerretDB.
go_toolchain() {
  local v dir zip url
  if command -v go >/dev/null && v=$(go env GOVERSION 2>/dev/null) &&
    printf '%s\n' "$v" | awk -F'[go.]+' '{ exit !($2 > 1 || ($2 == 1 && $3 >= 21)) }'; then
    command -v go
    return
  fi
  dir="$CACHE/go-$GO_TOOLCHAIN"
  if [ ! -x "$dir/bin/go" ]; then
    url="$GOPROXY_URL/golang.org/toolchain/@v/v0.0.1-$GO_TOOLCHAIN.linux-$(go_arch).zip"
    say "no Go >= 1.21 on the PATH; fetching $GO_TOOLCHAIN from the Go module proxy…" >&2
    mkdir -p "$CACHE"
    zip="$CACHE/go-toolchain.zip"
    curl -fsSL --retry 3 -o "$zip" "$url" || die "could not download $url"
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    unzip -q "$zip" -d "$dir.tmp" || die "could not unpack $zip"
    mv "$dir.tmp"/golang.org/toolchain@*/ "$dir"
    # Module zips carry no file modes.
    chmod +x "$dir"/bin/* "$dir"/pkg/tool/*/*
    rm -rf "$dir.tmp" "$zip"
  fi
  echo "$dir/bin/go"
}

go_arch() {
  case "$(uname -m)" in
    x86_64) echo amd64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) die "no Go toolchain download for $(uname -m); install Go >= 1.21" ;;
  esac
}

# Rebuild only when the sources or the Go toolchain changed.
ferretdb_build() {
  local want t0 go
  go=$(go_toolchain)
  want=$( { cat "$FERRET_SRC/go.mod" "$FERRET_SRC/go.sum" "$FERRET_SRC"/*.go; "$go" version; } | sha256sum | cut -d' ' -f1)
  if [ -x "$FERRET_BIN" ] && [ "$(cat "$CACHE/ferretdb.sha256" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  t0=$(now)
  say "building ferretdb (first build downloads modules and takes a few minutes)…"
  mkdir -p "$BIN" "$CACHE" "$LOGS"
  if ! (cd "$FERRET_SRC" && GOFLAGS=-mod=mod "$go" build -o "$FERRET_BIN.tmp" .) >"$LOGS/ferretdb-build.log" 2>&1; then
    show_log "$LOGS/ferretdb-build.log"
    die "ferretdb build failed (see $LOGS/ferretdb-build.log)"
  fi
  mv "$FERRET_BIN.tmp" "$FERRET_BIN"
  echo "$want" >"$CACHE/ferretdb.sha256"
  say "ferretdb built in $(since "$t0")"
}


# The backend of a FerretDB that runs, or was stopped by stop-component, wins over
# FERRETDB_BACKEND, so `start-component`, `status` and `down` need no env vars. A FerretDB with
# no record was started by a stack.sh from before the PostgreSQL backend: SQLite.
ferretdb_backend() {
  if [ -f "$RUN/ferretdb.backend" ]; then cat "$RUN/ferretdb.backend"
  elif [ "$(cat "$RUN/mongo.mode" 2>/dev/null)" = ferretdb ]; then echo sqlite
  else echo "${FERRETDB_BACKEND:-postgresql}"
  fi
}

ferretdb_backend_check() {
  local backend
  backend=$(ferretdb_backend)
  if [ -n "${FERRETDB_BACKEND:-}" ] && [ "$FERRETDB_BACKEND" != "$backend" ]; then
    die "ferretdb runs on $backend but FERRETDB_BACKEND=$FERRETDB_BACKEND; run 'scripts/stack.sh down' first"
  fi
  case $backend in
    postgresql | sqlite) ;;
    *) die "FERRETDB_BACKEND must be postgresql or sqlite (got $backend)" ;;
  esac
}

# Starts what the backend needs (PostgreSQL) and records the backend.
ferretdb_backend_start() {
  ferretdb_backend_check
  if [ "$(ferretdb_backend)" = postgresql ]; then postgres_start; else mkdir -p "$DATA/ferretdb"; fi
  ferretdb_backend >"$RUN/ferretdb.backend.tmp"
  mv "$RUN/ferretdb.backend.tmp" "$RUN/ferretdb.backend"
}

# FerretDB's backend flags, into the array FERRET_ARGS.
ferretdb_backend_args() {
  case $(ferretdb_backend) in
    postgresql) FERRET_ARGS=(-handler postgresql -postgresql-url "$(pg_url)") ;;
    sqlite) FERRET_ARGS=(-handler sqlite -sqlite-dir "$DATA/ferretdb") ;;
  esac
  # With PostgreSQL, debug logging shows every SQL statement FerretDB sends.
  [ -z "${FERRETDB_DEBUG:-}" ] || FERRET_ARGS+=(-debug)
}
