# Shared by scripts/ferretdb.sh and scripts/seaweedfs.sh: a Go server built once from the Go
# module proxy, and waiting until a server started in the background listens. Source it.

# go_module_source MODULE VERSION WORK: the module's source, writable, in WORK/src.
# `go install pkg@version` asks the proxy whether the module is deprecated, which fails behind
# some proxies; a throw-away go.mod resolves it instead, and the module's own go.mod and go.sum
# then pin every dependency.
go_module_source() {
  local module=$1 version=$2 work=$3
  (
    cd "$work"
    cat > go.mod <<'MOD'
module taskmill.local/server

go 1.22
MOD
    GOFLAGS=-mod=mod go mod download -json "$module@$version" > download.json
  ) >&2
  local src
  src=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Dir"])' "$work/download.json")
  cp -r "$src" "$work/src"
  chmod -R u+w "$work/src"
}

# await_listening NAME PID PORT LOG SECONDS: prints PID once 127.0.0.1:PORT accepts connections;
# fails with the tail of LOG if the process exits first, and stops it after SECONDS.
await_listening() {
  local name=$1 pid=$2 port=$3 log=$4 seconds=$5
  for _ in $(seq 1 $((seconds * 10))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$pid"
      return
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -20 "$log" >&2
      echo "$name exited at start" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "$name did not listen on 127.0.0.1:$port within $seconds s" >&2
  kill "$pid" 2>/dev/null || true
  return 1
}
