"""`python -m taskmill test --pretty`: the protocol's messages as a person reads them."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .protocol import Protocol


class PrettyProtocol(Protocol):
    """Writes progress, logs and the result as plain lines instead of JSON (for a terminal; the
    service always reads JSON lines)."""

    def emit(self, obj: dict) -> None:
        kind = obj.get("type")
        if kind == "progress":
            text = f"[{obj['fraction'] * 100:5.1f} %] {obj.get('message', '')}".rstrip()
        elif kind == "log":
            text = f"{obj.get('level', 'info').upper():7} {obj.get('message', '')}"
        elif kind == "result":
            text = _result(obj)
        else:
            text = str(obj)
        with self._lock:
            self._stream.write(text + "\n")
            self._stream.flush()


def _result(result: dict) -> str:
    lines = []
    for check in result.get("checks") or []:
        mark = "ok  " if check.get("ok") else "FAIL"
        message = f": {check['message']}" if check.get("message") else ""
        lines.append(f"  {mark} {check.get('name')}{message}")
    for port, value in (result.get("outputs") or {}).items():
        lines.append(f"  output {port}: {_output(value)}")
    if result.get("error"):
        lines.append(f"  error: {result['error']}")
    if result.get("traceback"):
        lines.append("  " + str(result["traceback"]).rstrip().replace("\n", "\n  "))
    verdict = "PASSED" if result.get("ok") else "FAILED"
    checks = result.get("checks")
    summary = f"self-test {verdict}" + (f" ({sum(1 for c in checks if c.get('ok'))} of {len(checks)} "
                                         f"check(s) ok)" if checks else "")
    return "\n".join([summary] + lines)


def _output(value: Any) -> str:
    """A file output by its name and type (its temp folder is gone when this prints; --work-dir
    keeps it), an inline one by its value (cut at 80 characters)."""
    if isinstance(value, dict) and "path" in value:
        return f"{Path(value['path']).name} ({value.get('mediaType')})"
    inline = value.get("value") if isinstance(value, dict) else value
    text = inline if isinstance(inline, str) else json.dumps(inline, ensure_ascii=False, default=str)
    return repr(text if len(text) <= 80 else text[:77] + "...")
