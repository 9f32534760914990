"""JSON Lines on the real stdout; everything else is pushed to stderr."""
from __future__ import annotations

import json
import logging
import math
import os
import sys
import threading
from typing import Any, TextIO


class Protocol:
    def __init__(self, stream: TextIO):
        self._stream = stream
        self._lock = threading.Lock()  # modules may report progress from worker threads

    def emit(self, obj: dict) -> None:
        line = json.dumps(obj, ensure_ascii=False, allow_nan=False, default=str, separators=(",", ":"))
        with self._lock:
            self._stream.write(line + "\n")
            self._stream.flush()

    def progress(self, fraction: Any, message: str = "") -> None:
        f = float(fraction)
        f = 0.0 if math.isnan(f) else min(1.0, max(0.0, f))
        self.emit({"type": "progress", "fraction": f, "message": str(message)})

    def log(self, level: str, message: str) -> None:
        self.emit({"type": "log", "level": level, "message": message})

    def result(self, **fields: Any) -> None:
        self.emit({"type": "result", **fields})

    @property
    def stream(self) -> TextIO:
        """The real stdout the protocol lines go to."""
        return self._stream

    def for_job(self, job_id: str) -> "Protocol":
        """The same stream, every message tagged with {"job": job_id} (a warm worker's jobs)."""
        return _JobProtocol(self, job_id)


class _JobProtocol(Protocol):
    def __init__(self, parent: Protocol, job_id: str):
        super().__init__(parent._stream)
        self._lock = parent._lock  # one lock per stream: lines of two jobs never interleave
        self._job = job_id

    def emit(self, obj: dict) -> None:
        super().emit({**obj, "job": self._job})


def take_over_stdout() -> Protocol:
    """Keeps the real stdout for protocol lines and points fd 1 and sys.stdout at stderr.

    Redirecting the file descriptor, not only sys.stdout, also covers C
    extensions and child processes that inherit fd 1.
    """
    sys.stdout.flush()
    try:
        fd = os.dup(1)
        os.dup2(2, 1)
        # backslashreplace turns a lone surrogate (odd file names) into a valid JSON \uXXXX escape.
        stream = os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n")
    except (OSError, ValueError):
        stream = sys.stdout  # no usable fd 1 (unusual embedding): still keep print() off it
    sys.stdout = sys.stderr
    return Protocol(stream)


class ProtocolLogHandler(logging.Handler):
    def __init__(self, protocol: Protocol):
        super().__init__()
        self._protocol = protocol

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if record.exc_info:
                message += "\n" + logging.Formatter().formatException(record.exc_info)
            self._protocol.log(record.levelname, message)
        except Exception:
            self.handleError(record)


def module_logger(name: str, protocol: Protocol) -> logging.Logger:
    logger = logging.getLogger(f"taskmill.module.{name}")
    logger.handlers[:] = [ProtocolLogHandler(protocol)]
    logger.propagate = False  # otherwise root handlers would print the record again on stderr
    try:
        logger.setLevel(os.environ.get("TASKMILL_LOG_LEVEL", "INFO").upper())
    except ValueError:
        logger.setLevel(logging.INFO)
    return logger
