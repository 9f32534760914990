#!/bin/sh
# Image build step: builds the virtualenv of every module in /opt/taskmill/modules into
# /opt/taskmill/venvs exactly as Taskmill itself does (same keys: module checksum, SDK runtime checksum,
# interpreter), by starting the service once on a throw-away in-memory database and waiting until
# detection has set every module up. Fails the image build when a module does not become
# AVAILABLE, so a broken module never ships. Pods then reuse these environments: no pip at start.
#
#   prepare-modules.sh <command that starts the service...>
set -eu
key=image-build-only
port=18080
work=$(mktemp -d)
QUARKUS_HTTP_PORT=$port TASKMILL_EMBEDDED_MONGO_FILE=memory TASKMILL_EMBEDDED_MONGO_PORT=18017 \
  TASKMILL_BOOTSTRAP_ADMIN_KEY=$key TASKMILL_FILE_STORE_ROOT=$work/fs \
  TASKMILL_TASKS_WORK_DIR=$work/work TASKMILL_ROLE=all "$@" > "$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
api="http://127.0.0.1:$port/api/v1"
i=0
until curl -sf -H "Authorization: Bearer $key" "$api/modules/detect" 2>/dev/null | grep -q FINISHED; do
  i=$((i + 1))
  if [ $i -gt 1800 ] || ! kill -0 $pid 2>/dev/null; then
    echo "prepare-modules: detection did not finish" >&2; tail -50 "$work/log" >&2; exit 1
  fi
  sleep 1
done
modules=$(curl -sf -H "Authorization: Bearer $key" "$api/modules")
echo "$modules" | python3 -c '
import json, sys
mods = json.load(sys.stdin)
bad = [f"{m[\"name\"]}: {m[\"status\"]} {m.get(\"reason\") or \"\"}" for m in mods if m["status"] != "AVAILABLE"]
print("modules:", ", ".join(m["name"] + "=" + m["status"] for m in mods))
sys.exit("prepare-modules: not AVAILABLE: " + "; ".join(bad) if bad else 0)'
