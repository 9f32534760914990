"""Taskmill module runtime. See docs/module-protocol.md for the process protocol.

The `taskmill` distribution (sdk/python/client) adds `taskmill.client` and `taskmill.apicli` to
this package; installed, both land in one folder. From source (PYTHONPATH=sdk/python/runtime:
sdk/python/client, or an editable install) they are two folders, which extend_path joins.
"""
from pkgutil import extend_path

__path__ = extend_path(__path__, __name__)

from .api import Fixture, Input, Kind, Module, Output, Resources, SelfTest
from .cli import main
from .context import Context
from .data import Result, Value

__version__ = "0.1.0"

__all__ = [
    "Context", "Fixture", "Input", "Kind", "Module", "Output", "Resources",
    "Result", "SelfTest", "Value", "main", "__version__",
]
