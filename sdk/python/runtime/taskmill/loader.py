"""Imports main.py and finds its Module subclass."""
from __future__ import annotations

import importlib.util
import inspect
import sys
import traceback
from pathlib import Path
from types import ModuleType

from .api import Module
from .manifest import ContractError


def _missing_is_installable(exc: ImportError) -> bool:
    """True when the import failed because a top-level package is absent (a requirement)."""
    return isinstance(exc, ModuleNotFoundError) and bool(exc.name)


def load_file(path: Path, command: str) -> ModuleType:
    path = path.absolute()
    label = path.name
    if not path.is_file():
        raise ContractError(f"{label} not found in {path.parent} (run from the module folder or pass --module-file)")
    # Module folders may be read-only or versioned: leave no __pycache__ behind.
    sys.dont_write_bytecode = True
    folder = str(path.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)  # lets main.py import helper files next to it
    mod_name = path.stem if path.stem not in sys.modules else "_taskmill_user_module"
    spec = importlib.util.spec_from_file_location(mod_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as e:
        where = f"line {e.lineno}" if e.lineno else "unknown line"
        if e.filename and Path(e.filename).name != label:
            where = f"{Path(e.filename).name} {where}"
        # Only the error itself: the caret excerpt is what helps, not the importlib frames.
        raise ContractError(f"{label} has a syntax error at {where}: {e.msg}",
                            "".join(traceback.format_exception_only(type(e), e))) from None
    except ImportError as e:
        top = (e.name or "").split(".")[0]
        if _missing_is_installable(e) and command == "describe":
            msg = (f"{label} imports '{top}' at module level, but requirements are installed only "
                   f"after describe; import it inside run() or self_test()")
        elif _missing_is_installable(e):
            msg = (f"{label} could not import '{top}' ({e}); list it in requirements and import it "
                   f"inside run() or self_test()")
        else:
            msg = f"{label} failed to import: {type(e).__name__}: {e}"
        raise ContractError(msg, traceback.format_exc()) from None
    except BaseException as e:
        if isinstance(e, KeyboardInterrupt):
            raise
        raise ContractError(f"{label} raised {type(e).__name__} while being imported: {e}",
                            traceback.format_exc()) from None
    return module


def find_module_class(module: ModuleType, label: str) -> type:
    found = [
        obj for obj in vars(module).values()
        if inspect.isclass(obj) and issubclass(obj, Module) and obj is not Module
        and obj.__module__ == module.__name__  # imported base classes do not count
    ]
    concrete = [c for c in found if not inspect.isabstract(c)]
    if len(concrete) == 1:
        return concrete[0]
    if len(concrete) > 1:
        names = ", ".join(sorted(c.__name__ for c in concrete))
        raise ContractError(f"{label} defines several Module subclasses ({names}); it must define exactly one")
    if found:
        raise ContractError(f"{label}: class {found[0].__name__} subclasses Module but does not implement run(self, ctx)")
    raise ContractError(f"{label} defines no subclass of taskmill.Module")
