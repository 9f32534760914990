"""A value on a port: either a file (path) or an inline value (text or JSON)."""
from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import Any, Optional

from .api import Kind, kind_of_media_type, parse_kind


class Value:
    """An input seen by run(), or an output seen by a self-test check (alias Result)."""

    def __init__(self, kind: Optional[Kind] = None, media_type: Optional[str] = None,
                 path: Optional[Path] = None, value: Any = None, is_json: bool = False):
        self.kind = kind
        self.media_type = media_type
        self.path = Path(path) if path is not None else None
        self.value = value
        # Tells a JSON string value ("hi") apart from text that happens to be JSON.
        self.is_json = is_json

    def read_bytes(self) -> bytes:
        if self.path is not None:
            return self.path.read_bytes()
        return self.read_text().encode("utf-8")

    def read_text(self) -> str:
        if self.path is not None:
            return self.path.read_text(encoding="utf-8")
        if isinstance(self.value, str) and not self.is_json:
            return self.value
        return json.dumps(self.value, ensure_ascii=False)

    def read_json(self) -> Any:
        if self.path is None and self.is_json:
            return json.loads(json.dumps(self.value))  # a copy the caller may mutate
        return json.loads(self.read_text())

    def to_protocol(self) -> dict:
        if self.path is not None:
            return {"path": str(self.path), "mediaType": self.media_type}
        return {"value": self.value, "mediaType": self.media_type}

    def __repr__(self) -> str:
        where = f"path={str(self.path)!r}" if self.path is not None else f"value={self.value!r}"
        return f"Value(kind={self.kind}, media_type={self.media_type!r}, {where})"


Result = Value


def guess_media_type(filename: str, declared: Optional[str]) -> str:
    if declared:
        return declared
    guessed, _ = mimetypes.guess_type(filename)
    return guessed or "application/octet-stream"


def _names(kinds) -> str:
    return " or ".join(k.value for k in kinds)


def _actual_kind(port, kinds, given: Any, path: Any, value: Any, media_type: Optional[str],
                 is_json: bool) -> Kind:
    """The kind run() sees: the given kind if the port accepts it (a FILE port accepts any), else
    for a port of one kind that kind, else the kind the media type implies if accepted, else the
    first declared kind. Raises ValueError when a given kind is not accepted."""
    if given is not None:
        k = parse_kind(given)
        if k is not None and (k in kinds or Kind.FILE in kinds):
            return k
        raise ValueError(f"input '{port.name}' is declared as {_names(kinds)}, but was given kind {given!r}")
    if len(kinds) == 1:
        return kinds[0]
    if path is None:
        # An inline value is TEXT or JSON; pick the one the port accepts.
        for k in (Kind.JSON, Kind.TEXT) if is_json or not isinstance(value, str) else (Kind.TEXT, Kind.JSON):
            if k in kinds:
                return k
        return kinds[0]
    name = path.name if isinstance(path, Path) else str(path)
    implied = kind_of_media_type(media_type or port.media_type or mimetypes.guess_type(name)[0])
    return implied if implied in kinds else kinds[0]


def make_input(port, path: Any = None, value: Any = None, has_value: bool = False,
               kind: Any = None, media_type: Optional[str] = None, is_json: bool = False) -> Value:
    """Builds an input Value for a declared port, raising ValueError on a mismatch.

    Shared by job files and self-test fixtures so both follow the same rules.
    """
    kinds = port.kinds or []
    declared = _actual_kind(port, kinds, kind, path, value, media_type, is_json)
    if (path is None) == (not has_value):
        raise ValueError(f"input '{port.name}' needs exactly one of 'path' or 'value'")
    if path is not None:
        if not isinstance(path, (str, Path)):
            raise ValueError(f"input '{port.name}': path must be a string")
        p = Path(path).absolute()
        if not p.is_file():
            raise ValueError(f"input '{port.name}': file not found: {p}")
        return Value(declared, guess_media_type(p.name, media_type or port.media_type), path=p)
    if declared == Kind.JSON:
        return Value(declared, media_type or port.media_type or "application/json", value=value, is_json=True)
    if declared == Kind.TEXT:
        if not isinstance(value, str) or is_json:
            raise ValueError(f"input '{port.name}' is TEXT, so an inline value must be a string")
        return Value(declared, media_type or port.media_type or "text/plain", value=value)
    raise ValueError(f"input '{port.name}' is {declared}, so it must be given as a file path, not an inline value")
