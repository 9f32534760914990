"""Taskmill module SDK. See docs/module-protocol.md for the process protocol."""
from .api import Fixture, Input, Kind, Module, Output, Resources, SelfTest
from .cli import main
from .context import Context
from .data import Result, Value

__version__ = "0.1.0"

__all__ = [
    "Context", "Fixture", "Input", "Kind", "Module", "Output", "Resources",
    "Result", "SelfTest", "Value", "main", "__version__",
]
