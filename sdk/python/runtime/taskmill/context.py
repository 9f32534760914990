"""The `ctx` object handed to Module.run()."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional

from .api import parse_kind
from .data import Value, guess_media_type
from .protocol import Protocol, module_logger


class Context:
    def __init__(self, module, params: Dict[str, Any], inputs: Dict[str, Value],
                 output_dir: Path, work_dir: Path, protocol: Protocol):
        self.params = params
        self.inputs = inputs  # optional inputs that were not given are absent: use .get()
        self.output_dir = Path(output_dir)
        self.work_dir = Path(work_dir)
        self.log = module_logger(module.name, protocol)
        self._protocol = protocol
        self._declared = {o.name: o for o in module.outputs}
        self._outputs: Dict[str, Value] = {}
        self.output_dir.mkdir(parents=True, exist_ok=True)
        self.work_dir.mkdir(parents=True, exist_ok=True)

    def _port(self, name: str):
        if name not in self._declared:
            raise ValueError(f"'{name}' is not a declared output (declared: {', '.join(self._declared)})")
        return self._declared[name]

    def output_path(self, name: str, filename: str, media_type: Optional[str] = None) -> Path:
        """Where to write the file for output `name`; calling this registers the output."""
        port = self._port(name)
        if not isinstance(filename, str) or filename in ("", ".", "..") or Path(filename).name != filename:
            raise ValueError(f"filename must be a plain file name, got {filename!r}")
        path = (self.output_dir / filename).absolute()
        for other, v in self._outputs.items():
            if other != name and v.path == path:
                raise ValueError(f"output '{other}' already uses the file name {filename!r}")
        mt = guess_media_type(filename, media_type or port.media_type)
        self._outputs[name] = Value(parse_kind(port.kind), mt, path=path)
        return path

    def write_text(self, name: str, text: str, media_type: str = "text/plain") -> None:
        port = self._port(name)
        if not isinstance(text, str):
            raise TypeError(f"write_text('{name}', ...) needs a str, got {type(text).__name__}")
        self._outputs[name] = Value(parse_kind(port.kind), media_type, value=text)

    def write_json(self, name: str, obj: Any) -> None:
        port = self._port(name)
        # Round-trip now, so a NaN or a non-JSON object fails here, in the module's own code.
        value = json.loads(json.dumps(obj, allow_nan=False))
        self._outputs[name] = Value(parse_kind(port.kind), port.media_type or "application/json",
                                    value=value, is_json=True)

    def progress(self, fraction: float, message: str = "") -> None:
        self._protocol.progress(fraction, message)

    # --- used by the runner, not by modules ---

    def missing_outputs(self) -> List[str]:
        problems = []
        for name, port in self._declared.items():
            v = self._outputs.get(name)
            if v is None:
                if not port.optional:
                    problems.append(f"required output '{name}' was not produced")
            elif v.path is not None and not v.path.is_file():
                problems.append(f"output '{name}' was registered at {v.path}, but no file was written there")
        return problems

    def results(self) -> Dict[str, Value]:
        return dict(self._outputs)

    def protocol_outputs(self) -> Dict[str, dict]:
        return {name: v.to_protocol() for name, v in self._outputs.items()}
