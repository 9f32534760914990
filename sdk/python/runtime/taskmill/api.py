"""What a module author declares: ports, resources, the Module base class and self-test fixtures."""
from __future__ import annotations

import abc
import enum
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Union


class Kind(str, enum.Enum):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"
    AUDIO = "AUDIO"
    TEXT = "TEXT"
    JSON = "JSON"
    FILE = "FILE"

    def __str__(self) -> str:
        return self.value


def parse_kind(value: Any) -> Optional[Kind]:
    """Kind from a Kind or a case-insensitive name; None if it is not one."""
    if isinstance(value, Kind):
        return value
    if isinstance(value, str):
        try:
            return Kind(value.upper())
        except ValueError:
            return None
    return None


KIND_NAMES = ", ".join(k.value for k in Kind)


def parse_kinds(value: Any) -> Optional[List[Kind]]:
    """The kinds a port declares: one kind, or a non-empty list/tuple of kinds (duplicates dropped,
    order kept). None if anything in it is not a kind."""
    if isinstance(value, (list, tuple)):
        kinds: List[Kind] = []
        for v in value:
            k = parse_kind(v)
            if k is None:
                return None
            if k not in kinds:
                kinds.append(k)
        return kinds or None
    k = parse_kind(value)
    return None if k is None else [k]


def kind_of_media_type(media_type: Optional[str]) -> Optional[Kind]:
    """The kind the service gives content of this media type (same rules as DataKind.ofMediaType)."""
    if not media_type:
        return None
    t = media_type.split(";", 1)[0].strip().lower()
    if t == "application/json":
        return Kind.JSON
    for prefix, kind in (("image/", Kind.IMAGE), ("video/", Kind.VIDEO), ("audio/", Kind.AUDIO),
                         ("text/", Kind.TEXT)):
        if t.startswith(prefix):
            return kind
    return Kind.FILE


# Declarations never raise: they are built while main.py is imported, and a
# problem reported later by `describe` reads much better than an import crash.
@dataclass(frozen=True)
class Input:
    """An input port. `kind` is one kind or a list of the kinds it accepts, e.g.
    `Input("media", kind=[Kind.AUDIO, Kind.VIDEO])`; run() sees the actual kind in `.kind`."""

    name: str
    kind: Union[Kind, str, Sequence[Union[Kind, str]]]
    optional: bool = False
    media_type: Optional[str] = None
    description: str = ""

    @property
    def kinds(self) -> Optional[List[Kind]]:
        """The accepted kinds in declaration order, or None when the declaration is invalid."""
        return parse_kinds(self.kind)


@dataclass(frozen=True)
class Output:
    """An output port; it has exactly one kind (what it produces is known before it runs)."""

    name: str
    kind: Union[Kind, str]
    media_type: Optional[str] = None
    description: str = ""
    optional: bool = False

    @property
    def kinds(self) -> Optional[List[Kind]]:
        k = parse_kind(self.kind)
        return None if k is None else [k]


@dataclass(frozen=True)
class Resources:
    """What one task of the module needs.

    memory_mb: the most resident memory the module's processes may hold together; over it the
    service stops them and the attempt fails (measure your module's peak and add headroom).
    gpu: needs an instance that offers a GPU. gpu_memory_mb: needs that much memory on one GPU
    (implies gpu); the task waits until an instance has a GPU with that much free, and the
    process sees that one GPU as CUDA_VISIBLE_DEVICES.
    """
    cpu: int = 1
    memory_mb: int = 256
    gpu: bool = False
    gpu_memory_mb: int = 0


class Module(abc.ABC):
    """Base class of a Taskmill module; main.py defines exactly one subclass.

    Import heavy requirements inside run() / self_test(): `describe` imports
    main.py before the requirements are installed.
    """

    name: str = ""
    version: str = ""
    description: str = ""
    inputs: List[Input] = []
    outputs: List[Output] = []
    params: Dict[str, Any] = {"type": "object", "properties": {}}
    requirements: List[str] = []
    resources: Resources = Resources()
    timeout_seconds: int = 300
    # Protocol 2 (docs/module-protocol.md, "Warm workers"): one process serves many tasks, so what
    # load() loads is loaded once. False: a fresh process for every task, as in protocol 1.
    warm: bool = True
    max_tasks_per_worker: Optional[int] = None  # recycle a worker after this many tasks (None: never)
    worker_idle_seconds: Optional[int] = None  # stop a worker idle this long (None: the service's default)
    # False: the module is not deterministic (sampling, the clock, the network), so a task created
    # with "reuse": true runs it instead of taking an earlier identical task's result.
    reusable: bool = True
    # The most tasks of this module that run at once across all instances (None: no limit of its
    # own), e.g. 1 for a module that needs a whole GPU or a licence; the service may set a lower one.
    max_concurrent: Optional[int] = None
    # Labels an instance or remote worker must offer to run this module's tasks, e.g. ["edge"]
    # (offered by taskmill.capabilities, or a remote worker's labels); the tasks wait until one does.
    labels: List[str] = []

    def load(self) -> None:
        """Called once per process, before its first task or self-test: load models here.

        A warm worker calls it once and then runs many tasks on the same object; a cold process
        calls it before its one task. Import heavy requirements here or in run(), not at the top
        of main.py (describe imports main.py before the requirements are installed).
        """

    @abc.abstractmethod
    def run(self, ctx) -> None:
        """Read ctx.inputs / ctx.params, write every declared output via ctx."""

    def self_test(self) -> "SelfTest":
        raise NotImplementedError(f"{type(self).__name__} does not define self_test()")


Check = Callable[[Dict[str, Any]], None]


class SelfTest:
    """Fixtures for the inputs, params, and checks run on the outputs (a dict port -> Result)."""

    def __init__(
        self,
        inputs: Optional[Dict[str, "Fixture"]] = None,
        params: Optional[Dict[str, Any]] = None,
        check: Optional[Check] = None,
        checks: Optional[List[Check]] = None,
    ):
        self.inputs = dict(inputs or {})
        self.params = dict(params or {})
        self.checks: List[Check] = ([check] if check is not None else []) + list(checks or [])


class Fixture:
    """One self-test input. Build with the static constructors, not directly."""

    def __init__(self, mode: str, *, value: Any = None, filename: Optional[str] = None,
                 media_type: Optional[str] = None, data: Optional[bytes] = None,
                 fn: Optional[Callable[[Any], None]] = None):
        self.mode = mode
        self.value = value
        self.filename = filename
        self.media_type = media_type
        self.data = data
        self.fn = fn

    @staticmethod
    def text(s: str) -> "Fixture":
        return Fixture("text", value=s, media_type="text/plain")

    @staticmethod
    def json(obj: Any) -> "Fixture":
        return Fixture("json", value=obj, media_type="application/json")

    @staticmethod
    def file(relative_path: str, media_type: Optional[str] = None) -> "Fixture":
        """A file shipped in the module folder (copied before the run, so run() cannot alter it)."""
        return Fixture("file", filename=relative_path, media_type=media_type)

    @staticmethod
    def bytes(data: bytes, filename: str, media_type: Optional[str] = None) -> "Fixture":
        return Fixture("bytes", data=data, filename=filename, media_type=media_type)

    @staticmethod
    def generate(fn: Callable[[Any], None], filename: str, media_type: Optional[str] = None) -> "Fixture":
        """fn(path: pathlib.Path) writes the file, e.g. an image drawn with Pillow."""
        return Fixture("generate", fn=fn, filename=filename, media_type=media_type)

    def __repr__(self) -> str:
        return f"Fixture.{self.mode}({self.filename or self.value!r})"
