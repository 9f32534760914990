#!/usr/bin/env bash
# Prints the path of a kustomize binary, building it once from the Go module proxy into
# ~/.cache/taskmill/kustomize-<version>/ (no download of prebuilt binaries). Needs Go 1.22+.
#
#   scripts/kustomize.sh                 -> path of the binary
#   scripts/kustomize.sh build <dir>     -> runs it (any kustomize arguments)
#
# `go install pkg@version` asks the proxy whether the module is deprecated/retracted, which
# fails behind some proxies; a throw-away module that requires kustomize and `go build`s it does
# not, so that is what this does.
set -euo pipefail
version=${KUSTOMIZE_VERSION:-v5.8.1}
cache=${TASKMILL_CACHE:-$HOME/.cache/taskmill}
dir=$cache/kustomize-$version
bin=$dir/kustomize
if [ ! -x "$bin" ] && ! command -v go > /dev/null; then
  # No Go: kubectl has kustomize built in (older, but enough for these manifests).
  if [ "${1:-}" = build ] && command -v kubectl > /dev/null; then
    shift
    exec kubectl kustomize "$@"
  fi
  echo "kustomize.sh: Go 1.24+ is needed to build kustomize (or kubectl for 'build')" >&2
  exit 1
fi
if [ ! -x "$bin" ]; then
  mkdir -p "$dir"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (
    cd "$tmp"
    export GOFLAGS=-mod=mod GOTOOLCHAIN=local
    go mod init taskmill.local/kustomize-build > /dev/null 2>&1
    go get "sigs.k8s.io/kustomize/kustomize/v5@$version" >&2
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$bin.partial" sigs.k8s.io/kustomize/kustomize/v5 >&2
  )
  mv "$bin.partial" "$bin"
fi
if [ $# -eq 0 ]; then
  echo "$bin"
else
  exec "$bin" "$@"
fi
