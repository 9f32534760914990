#!/usr/bin/env bash
# SeaweedFS: a real S3-compatible server for the tests of the S3 file store.
#
#   scripts/seaweedfs.sh build            build `weed` once from the Go module proxy; prints the binary
#   scripts/seaweedfs.sh start DIR PORT   start `weed server -s3` (master, volume, filer and S3
#                                         gateway in one process) on 127.0.0.1, the S3 API on PORT,
#                                         data in DIR; prints its pid. Needs the binary built.
#
# The binary is cached in ~/.cache/taskmill (TASKMILL_CACHE), so later runs skip the build. `start`
# never builds (that takes minutes): a test that starts the server fails at once, saying so.
# The S3 credentials are the ones in DIR/s3.json, written by `start`: access key "taskmill",
# secret key "taskmill-secret" (override with SEAWEEDFS_ACCESS_KEY / SEAWEEDFS_SECRET_KEY).
set -euo pipefail
. "$(dirname "$0")/lib/servers.sh"

VERSION=v0.0.0-20261109003541-7506e5f91cd6
CACHE=${TASKMILL_CACHE:-$HOME/.cache/taskmill}
BIN=$CACHE/weed-$VERSION

build() {
  if [ -x "$BIN" ]; then
    echo "$BIN"
    return
  fi
  mkdir -p "$CACHE"
  local work
  work=$(mktemp -d)
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' RETURN
  go_module_source github.com/seaweedfs/seaweedfs "$VERSION" "$work"
  # One package at a time by default: the build machines are small and shared (about 1,700
  # packages; SEAWEEDFS_BUILD_JOBS raises it on a machine of your own).
  (cd "$work/src" && go build -p "${SEAWEEDFS_BUILD_JOBS:-1}" -trimpath -ldflags='-s -w' -o "$BIN.tmp" ./weed) >&2
  mv "$BIN.tmp" "$BIN"
  echo "$BIN"
}

start() {
  local dir=$1 port=$2 bin=$BIN
  if [ ! -x "$bin" ]; then
    echo "SeaweedFS is not built: run scripts/seaweedfs.sh build once (needs Go; builds $bin)" >&2
    return 3
  fi
  mkdir -p "$dir/data"
  # The other servers inside `weed server` (HTTP and gRPC each) listen on the next seven ports:
  # whoever picks PORT makes sure PORT..PORT+7 are free.
  cat > "$dir/s3.json" <<JSON
{
  "identities": [
    {
      "name": "taskmill",
      "credentials": [
        {"accessKey": "${SEAWEEDFS_ACCESS_KEY:-taskmill}", "secretKey": "${SEAWEEDFS_SECRET_KEY:-taskmill-secret}"}
      ],
      "actions": ["Admin", "Read", "Write", "List", "Tagging"]
    }
  ]
}
JSON
  # Bounded life: it stops by itself even if whoever started it dies without cleaning up.
  timeout 2h "$bin" server \
    -dir="$dir/data" \
    -ip=127.0.0.1 -ip.bind=127.0.0.1 \
    -s3 -s3.port="$port" -s3.port.grpc=$((port + 4)) -s3.config="$dir/s3.json" \
    -master.port=$((port + 1)) -master.port.grpc=$((port + 5)) \
    -volume.port=$((port + 2)) -volume.port.grpc=$((port + 6)) \
    -filer.port=$((port + 3)) -filer.port.grpc=$((port + 7)) \
    -master.volumeSizeLimitMB=64 -volume.max=100 \
    -master.telemetry=false -master.telemetry.url=http://127.0.0.1:1/ \
    -s3.autoCreateBucket=false -s3.iam=false -s3.port.iceberg=0 -s3.port.lance=0 \
    > "$dir/seaweedfs.log" 2>&1 &
  local pid=$!
  # And when the process named by SEAWEEDFS_WATCH_PID (the test JVM) ends, so does the server.
  if [ -n "${SEAWEEDFS_WATCH_PID:-}" ]; then
    (
      while kill -0 "$SEAWEEDFS_WATCH_PID" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do
        sleep 1
      done
      kill "$pid" 2>/dev/null || true
    ) > /dev/null 2>&1 &
  fi
  await_listening SeaweedFS "$pid" "$port" "$dir/seaweedfs.log" 60
}

case "${1:-}" in
  build) build ;;
  start) start "$2" "$3" ;;
  *) echo "usage: $0 build | start DIR PORT" >&2; exit 2 ;;
esac
