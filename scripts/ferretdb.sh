#!/usr/bin/env bash
# FerretDB 1.x (SQLite backend): a real MongoDB-compatible server for the tests.
#
#   scripts/ferretdb.sh build            build it once from the Go module proxy; prints the binary
#   scripts/ferretdb.sh start DIR PORT   start it on 127.0.0.1:PORT with its data in DIR; prints its pid
#
# The binary is cached in ~/.cache/taskmill (TASKMILL_CACHE), so later runs skip the build.
set -euo pipefail
. "$(dirname "$0")/lib/servers.sh"

VERSION=v1.24.0
CACHE=${TASKMILL_CACHE:-$HOME/.cache/taskmill}
BIN=$CACHE/ferretdb-$VERSION

build() {
  if [ -x "$BIN" ]; then
    echo "$BIN"
    return
  fi
  mkdir -p "$CACHE"
  local work
  work=$(mktemp -d)
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' RETURN
  go_module_source github.com/FerretDB/FerretDB "$VERSION" "$work"
  # The module archive carries an empty version file; FerretDB refuses to start without it.
  echo "$VERSION" > "$work/src/build/version/version.txt"
  (cd "$work/src" && go build -o "$BIN.tmp" ./cmd/ferretdb) >&2
  mv "$BIN.tmp" "$BIN"
  echo "$BIN"
}

start() {
  local dir=$1 port=$2 bin
  bin=$(build)
  mkdir -p "$dir/data"
  # Bounded life: it stops by itself even if whoever started it dies without cleaning up.
  timeout 2h "$bin" \
    --handler=sqlite \
    --sqlite-url="file:$dir/data/" \
    --state-dir="$dir" \
    --listen-addr="127.0.0.1:$port" \
    --debug-addr="127.0.0.1:0" \
    --telemetry=disable \
    --log-level=WARN \
    > "$dir/ferretdb.log" 2>&1 &
  local pid=$!
  await_listening FerretDB "$pid" "$port" "$dir/ferretdb.log" 10
}

case "${1:-}" in
  build) build ;;
  start) start "$2" "$3" ;;
  *) echo "usage: $0 build | start DIR PORT" >&2; exit 2 ;;
esac
