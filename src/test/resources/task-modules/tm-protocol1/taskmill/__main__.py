"""Protocol 1 by hand: describe, test and run --job; no serve."""
import json
import os
import sys
from pathlib import Path

MANIFEST = {
    "type": "manifest", "protocol": 1, "name": "tm-protocol1", "version": "1.0.0",
    "description": "Test module: speaks protocol 1 only.",
    "inputs": [{"name": "text", "kind": "TEXT", "optional": False}],
    "outputs": [{"name": "report", "kind": "JSON", "optional": False, "mediaType": "application/json"}],
    "params": {"type": "object", "properties": {}}, "requirements": [],
    "resources": {"cpu": 1, "memoryMb": 256, "gpu": False}, "timeoutSeconds": 60,
}


def emit(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main(args):
    command = args[0] if args else ""
    if command == "describe":
        emit(MANIFEST)
    elif command == "test":
        emit({"type": "result", "ok": True, "outputs": {}, "checks": []})
    elif command == "run" and args[1:2] == ["--job"]:
        job = json.loads(Path(args[2]).read_text())
        text = job["inputs"]["text"].get("value", "")
        report = {"pid": os.getpid(), "text": text}
        emit({"type": "result", "ok": True,
              "outputs": {"report": {"mediaType": "application/json", "value": report}}})
    else:
        sys.stderr.write(f"unknown command {args!r}\n")
        return 2
    return 0


sys.exit(main(sys.argv[1:]))
