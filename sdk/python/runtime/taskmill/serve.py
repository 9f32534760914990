"""The `serve` command (protocol 2): one warm process runs many jobs, one at a time.

The service writes requests to stdin as JSON lines and reads the same progress, log and result
messages as for `run`, each tagged with the request's job id. load() runs once, before the first
request. See docs/module-protocol.md, "Warm workers".
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Dict, Optional

from .manifest import ContractError
from .protocol import Protocol
from .runner import EXIT_FAILED, EXIT_OK, load_module, run_job, run_self_test


class _JobScope:
    """Gives one job the state a fresh process would have, and its own stderr file.

    The working directory and the environment are reset to what the worker started with; file
    descriptors 1 and 2 (print, warnings, C extensions, child processes) write to the job's own log
    file, so no line of one job lands in another's log.
    """

    def __init__(self, module_dir: Path, environment: Dict[str, str], log_path: Optional[str]):
        self._module_dir = module_dir
        self._environment = environment
        self._log_path = log_path
        self._saved_fd: Optional[int] = None

    def __enter__(self) -> "_JobScope":
        os.chdir(self._module_dir)
        if dict(os.environ) != self._environment:
            os.environ.clear()
            os.environ.update(self._environment)
        if self._log_path:
            sys.stderr.flush()
            log_fd = os.open(self._log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
            self._saved_fd = os.dup(2)
            os.dup2(log_fd, 1)
            os.dup2(log_fd, 2)
            os.close(log_fd)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._saved_fd is not None:
            sys.stderr.flush()
            os.dup2(self._saved_fd, 1)
            os.dup2(self._saved_fd, 2)
            os.close(self._saved_fd)
        os.chdir(self._module_dir)


def _requests():
    """Request lines from the real stdin; fd 0 itself then reads /dev/null, so a module that
    reads stdin cannot take the service's requests."""
    private = os.dup(0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    with os.fdopen(private, "r", encoding="utf-8", errors="replace") as stream:
        for line in stream:
            if line.strip():
                yield line


def serve(module_cls: type, manifest: dict, protocol: Protocol, module_dir: Path) -> int:
    started = time.monotonic()
    module, failure = load_module(module_cls)
    if failure:
        protocol.emit({"type": "loaded", "ok": False, **failure})
        return EXIT_FAILED
    protocol.emit({"type": "loaded", "ok": True, "pid": os.getpid(),
                   "seconds": round(time.monotonic() - started, 3)})
    environment = dict(os.environ)
    for line in _requests():
        try:
            request = json.loads(line)
        except ValueError:
            protocol.log("ERROR", f"serve: a request line is not JSON: {line[:200]!r}")
            continue
        kind = request.get("type") if isinstance(request, dict) else None
        if kind == "stop":
            break
        job_id = request.get("id") if isinstance(request, dict) else None
        if kind not in ("job", "test") or not isinstance(job_id, str) or not job_id:
            protocol.log("ERROR", f"serve: unknown request {line.strip()[:200]!r}; expected "
                                  f"{{\"type\": \"job\"|\"test\"|\"stop\", \"id\": ...}}")
            continue
        job_protocol = protocol.for_job(job_id)
        try:
            with _JobScope(module_dir, environment, request.get("log")):
                if kind == "job":
                    run_job(module, manifest, job_protocol, request.get("job") or "")
                else:
                    run_self_test(module, manifest, job_protocol, module_dir, request.get("workDir"))
        except ContractError as e:
            fields = {"traceback": e.traceback} if e.traceback else {}
            job_protocol.result(ok=False, outputs={}, error=str(e), **fields)
        except OSError as e:  # the job's log file or the module folder is not usable
            job_protocol.result(ok=False, outputs={}, error=f"serve: {type(e).__name__}: {e}")
    return EXIT_OK
