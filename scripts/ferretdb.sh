#!/usr/bin/env bash
# FerretDB 1.x (SQLite backend): a real MongoDB-compatible server for the tests.
#
#   scripts/ferretdb.sh build            build it once from the Go module proxy; prints the binary
#   scripts/ferretdb.sh start DIR PORT   start it on 127.0.0.1:PORT with its data in DIR; prints its pid
#
# The binary is cached in ~/.cache/taskmill (TASKMILL_CACHE), so later runs skip the build.
set -euo pipefail

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
  # `go install pkg@version` fails on the proxy's deprecation lookup here, so resolve the module
  # through a throw-away go.mod instead.
  (
    cd "$work"
    cat > go.mod <<'MOD'
module taskmill.local/ferretdb

go 1.22
MOD
    GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$VERSION" > download.json
  ) >&2
  local src
  src=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Dir"])' "$work/download.json")
  cp -r "$src" "$work/src"
  chmod -R u+w "$work/src"
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
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$pid"
      return
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$dir/ferretdb.log" >&2
      echo "FerretDB exited at start" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "FerretDB did not listen on 127.0.0.1:$port within 10 s" >&2
  kill "$pid" 2>/dev/null || true
  return 1
}

case "${1:-}" in
  build) build ;;
  start) start "$2" "$3" ;;
  *) echo "usage: $0 build | start DIR PORT" >&2; exit 2 ;;
esac
