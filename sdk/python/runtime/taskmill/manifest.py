"""Validation of a Module class and the manifest `describe` prints."""
from __future__ import annotations

import copy
import json
import re
from typing import Any, Dict, List, Optional

from .api import KIND_NAMES, Input, Output, Resources, parse_kinds

_LABEL = re.compile(r"[a-z0-9._-]{1,64}")

PROTOCOL_VERSION = 2
NAME_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
PORT_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


class ContractError(Exception):
    """The module or the way it was invoked breaks the protocol (exit code 2)."""

    def __init__(self, message: str, traceback: Optional[str] = None):
        super().__init__(message)
        self.traceback = traceback


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check_ports(label: str, ports: Any, cls: type, problems: List[str]) -> None:
    if not isinstance(ports, (list, tuple)):
        problems.append(f"{label} must be a list of {cls.__name__}")
        return
    seen = set()
    for i, p in enumerate(ports):
        if not isinstance(p, cls):
            problems.append(f"{label}[{i}] must be a {cls.__name__}, got {type(p).__name__}")
            continue
        if not isinstance(p.name, str) or not PORT_RE.fullmatch(p.name):
            problems.append(f"{label}[{i}] name {p.name!r} must match [A-Za-z][A-Za-z0-9_-]*")
        elif p.name in seen:
            problems.append(f"{label} declare the port name '{p.name}' twice")
        seen.add(p.name)
        if cls is Output and isinstance(p.kind, (list, tuple)):
            problems.append(f"{label} port {p.name!r} has several kinds {list(p.kind)!r}; an output has exactly one kind")
        elif isinstance(p.kind, (list, tuple)) and not p.kind:
            problems.append(f"{label} port {p.name!r} has an empty kind list; give at least one of {KIND_NAMES}")
        elif parse_kinds(p.kind) is None:
            problems.append(f"{label} port {p.name!r} has kind {p.kind!r}; use one of {KIND_NAMES}"
                            + (" (or a list of them)" if cls is Input else ""))
        if p.media_type is not None and not isinstance(p.media_type, str):
            problems.append(f"{label} port {p.name!r} media_type must be a string or None")
        if not isinstance(p.description, str):
            problems.append(f"{label} port {p.name!r} description must be a string")
        if not isinstance(p.optional, bool):
            problems.append(f"{label} port {p.name!r} optional must be True or False")


def _check_params(schema: Any, problems: List[str]) -> None:
    if not isinstance(schema, dict) or schema.get("type") != "object":
        problems.append('params must be a JSON Schema object, e.g. {"type": "object", "properties": {...}}')
        return
    if not isinstance(schema.get("properties", {}), dict):
        problems.append("params.properties must be an object")
    try:
        json.dumps(schema, allow_nan=False)
    except (TypeError, ValueError) as e:
        problems.append(f"params is not JSON-serializable ({e})")


def build_manifest(cls: type) -> Dict[str, Any]:
    """Returns the manifest dict, or raises ContractError listing every problem found."""
    problems: List[str] = []
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        problems.append(f"name {name!r} must be lowercase letters, digits and '-', starting with a letter or digit")
    version = getattr(cls, "version", None)
    if not isinstance(version, str) or not version.strip():
        problems.append("version must be a non-empty string such as '1.0.0'")
    if not isinstance(cls.description, str):
        problems.append("description must be a string")
    _check_ports("inputs", cls.inputs, Input, problems)
    _check_ports("outputs", cls.outputs, Output, problems)
    if isinstance(cls.outputs, (list, tuple)) and not cls.outputs:
        problems.append("outputs must declare at least one Output")
    _check_params(cls.params, problems)
    reqs = cls.requirements
    if not isinstance(reqs, (list, tuple)) or not all(isinstance(r, str) and r.strip() for r in reqs):
        problems.append("requirements must be a list of pip requirement strings")
    res = cls.resources
    if not isinstance(res, Resources):
        problems.append("resources must be a Resources(...)")
    else:
        if not _is_int(res.cpu) or res.cpu <= 0:
            problems.append("resources.cpu must be a positive integer")
        if not _is_int(res.memory_mb) or res.memory_mb <= 0:
            problems.append("resources.memory_mb must be a positive integer")
        if not isinstance(res.gpu, bool):
            problems.append("resources.gpu must be True or False")
        if not _is_int(res.gpu_memory_mb) or res.gpu_memory_mb < 0:
            problems.append("resources.gpu_memory_mb must be a whole number of MB, 0 or more")
    if not _is_int(cls.timeout_seconds) or cls.timeout_seconds <= 0:
        problems.append("timeout_seconds must be a positive integer")
    if not isinstance(cls.warm, bool):
        problems.append("warm must be True or False")
    if not isinstance(cls.reusable, bool):
        problems.append("reusable must be True or False")
    for field in ("max_tasks_per_worker", "worker_idle_seconds", "max_concurrent"):
        value = getattr(cls, field)
        if value is not None and (not _is_int(value) or value <= 0):
            problems.append(f"{field} must be a positive integer or None")
    labels = cls.labels
    if not isinstance(labels, (list, tuple)) or not all(
            isinstance(label, str) and _LABEL.fullmatch(label) for label in labels):
        problems.append("labels must be a list of labels of 1..64 characters a-z, 0-9, '.', '_', '-'")
    if problems:
        raise ContractError(f"Module class {cls.__name__} is invalid: " + "; ".join(problems) + ".")

    return {
        "type": "manifest",
        "protocol": PROTOCOL_VERSION,
        "name": name,
        "version": version,
        "description": cls.description,
        "inputs": [_port(p) for p in cls.inputs],
        "outputs": [_port(p) for p in cls.outputs],
        "params": cls.params,
        "requirements": list(reqs),
        "resources": {
            "cpu": res.cpu,
            "memoryMb": res.memory_mb,
            # GPU memory implies a GPU: a reader of the manifest need not know the rule.
            "gpu": res.gpu or (_is_int(res.gpu_memory_mb) and res.gpu_memory_mb > 0),
            "gpuMemoryMb": res.gpu_memory_mb,
        },
        "timeoutSeconds": cls.timeout_seconds,
        "warm": cls.warm,
        "maxTasksPerWorker": cls.max_tasks_per_worker,
        "workerIdleSeconds": cls.worker_idle_seconds,
        "reusable": cls.reusable,
        "maxConcurrent": cls.max_concurrent,
        "labels": list(labels),
    }


def _port(p) -> Dict[str, Any]:
    kinds = [k.value for k in p.kinds]
    # "kind" (the first) stays for readers that predate "kinds".
    return {"name": p.name, "kind": kinds[0], "kinds": kinds, "optional": p.optional,
            "mediaType": p.media_type, "description": p.description}


def fill_defaults(schema: Dict[str, Any], params: Dict[str, Any]) -> Dict[str, Any]:
    """A copy of params with the `default` of each missing top-level property filled in."""
    filled = copy.deepcopy(params)
    for key, prop in (schema.get("properties") or {}).items():
        if isinstance(prop, dict) and "default" in prop and key not in filled:
            filled[key] = copy.deepcopy(prop["default"])
    return filled
