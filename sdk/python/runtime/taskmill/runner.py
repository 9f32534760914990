"""The `run` and `test` commands: build a Context, call Module.run(), report the result."""
from __future__ import annotations

import json
import shutil
import tempfile
import traceback
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from .api import Fixture, Kind, SelfTest, parse_kind
from .context import Context
from .data import Value, make_input
from .manifest import ContractError, fill_defaults
from .protocol import Protocol

EXIT_OK, EXIT_FAILED, EXIT_CONTRACT = 0, 1, 2


def _error_text(e: BaseException) -> str:
    if isinstance(e, SystemExit):
        return f"SystemExit: module called sys.exit({e.code!r})"
    text = str(e)
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def _failure(e: BaseException) -> Dict[str, Any]:
    tb = "".join(traceback.format_exception(type(e), e, e.__traceback__))
    return {"error": _error_text(e), "traceback": tb}


def load_module(module_cls: type) -> Tuple[Any, Optional[Dict[str, Any]]]:
    """The module object with its load() done, or None and result fields describing the failure."""
    try:
        module = module_cls()
        module.load()
    except (Exception, SystemExit) as e:
        failure = _failure(e)
        failure["error"] = f"load() failed: {failure['error']}"
        return None, failure
    return module, None


def _execute(module: Any, ctx: Context) -> Optional[Dict[str, Any]]:
    """Runs the module; returns None on success, else result fields describing the failure."""
    try:
        module.run(ctx)
    except (Exception, SystemExit) as e:  # SystemExit too: sys.exit() in a module is a failure, not an exit
        return _failure(e)
    missing = ctx.missing_outputs()
    if missing:
        return {"error": "; ".join(missing)}
    return None


# --- run --job ---

def _read_job(path: str, module_cls: type) -> Dict[str, Any]:
    try:
        job = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise ContractError(f"cannot read job file {path}: {e.strerror or e}") from None
    except ValueError as e:
        raise ContractError(f"job file {path} is not valid JSON: {e}") from None
    if not isinstance(job, dict):
        raise ContractError(f"job file {path} must contain a JSON object")
    if not isinstance(job.get("outputDir"), str) or not job["outputDir"]:
        raise ContractError("job file needs \"outputDir\" (an absolute directory path)")
    if job.get("workDir") is not None and not isinstance(job["workDir"], str):
        raise ContractError("job \"workDir\" must be a directory path")
    params = job.get("params") if job.get("params") is not None else {}
    if not isinstance(params, dict):
        raise ContractError("job \"params\" must be a JSON object")
    job["params"] = params
    given = job.get("inputs") if job.get("inputs") is not None else {}
    if not isinstance(given, dict):
        raise ContractError("job \"inputs\" must be a JSON object mapping port names to inputs")
    ports = {p.name: p for p in module_cls.inputs}
    inputs: Dict[str, Value] = {}
    for name, spec in given.items():
        if name not in ports:
            raise ContractError(f"job gives input '{name}', which the module does not declare "
                                f"(declared: {', '.join(ports) or 'none'})")
        if not isinstance(spec, dict):
            raise ContractError(f"job input '{name}' must be an object with \"path\" or \"value\"")
        try:
            inputs[name] = make_input(ports[name], path=spec.get("path"), value=spec.get("value"),
                                      has_value="value" in spec, kind=spec.get("kind"),
                                      media_type=spec.get("mediaType"))
        except ValueError as e:
            raise ContractError(f"job {e}") from None
    for name, port in ports.items():
        if not port.optional and name not in inputs:
            raise ContractError(f"job is missing the required input '{name}'")
    job["inputs"] = inputs
    return job


def run_job(module: Any, manifest: dict, protocol: Protocol, job_path: str) -> int:
    """Runs one job on a loaded module object (see load_module)."""
    module_cls = type(module)
    job = _read_job(job_path, module_cls)  # ContractError is reported by the caller
    params = fill_defaults(manifest["params"], job["params"])
    temp_work = None if job.get("workDir") else tempfile.mkdtemp(prefix="taskmill-work-")
    try:
        ctx = Context(module_cls, params, job["inputs"], Path(job["outputDir"]),
                      Path(job.get("workDir") or temp_work), protocol)
        failure = _execute(module, ctx)
        if failure:
            protocol.result(ok=False, outputs=ctx.protocol_outputs(), **failure)
            return EXIT_FAILED
        protocol.result(ok=True, outputs=ctx.protocol_outputs())
        return EXIT_OK
    finally:
        if temp_work:
            shutil.rmtree(temp_work, ignore_errors=True)


# --- test ---

def _materialize(fixture: Any, port, fixture_dir: Path, module_dir: Path) -> Value:
    if not isinstance(fixture, Fixture):
        raise ValueError(f"fixture for '{port.name}' must be a Fixture (e.g. Fixture.text(...)), "
                         f"got {type(fixture).__name__}")
    if fixture.mode == "text" and port.kinds == [Kind.JSON]:
        raise ValueError(f"input '{port.name}' is JSON: use Fixture.json(...), not Fixture.text(...)")
    if fixture.mode in ("text", "json"):
        return make_input(port, value=fixture.value, has_value=True, media_type=fixture.media_type,
                          is_json=fixture.mode == "json")
    if not isinstance(fixture.filename, str) or not fixture.filename:
        raise ValueError(f"fixture for '{port.name}' needs a file name")
    # One folder per port, so two fixtures may use the same file name.
    target = fixture_dir / port.name / Path(fixture.filename).name
    target.parent.mkdir(parents=True, exist_ok=True)
    if fixture.mode == "file":
        source = module_dir / fixture.filename
        if not source.is_file():
            raise ValueError(f"fixture file '{fixture.filename}' for '{port.name}' not found in {module_dir}")
        shutil.copyfile(source, target)
    elif fixture.mode == "bytes":
        target.write_bytes(fixture.data)
    elif fixture.mode == "generate":
        fixture.fn(target)
        if not target.is_file():
            raise ValueError(f"Fixture.generate for '{port.name}' did not write {target}")
    else:
        raise ValueError(f"unknown fixture kind {fixture.mode!r}")
    return make_input(port, path=target, media_type=fixture.media_type)


def _check_name(fn: Any, index: int, count: int) -> str:
    name = getattr(fn, "__name__", "")
    if name and name != "<lambda>":
        return name
    return "check" if count == 1 else f"check{index + 1}"


def _run_check(fn: Any, results: Dict[str, Value]) -> str:
    """Runs one check; returns "" when it passes, else a message saying why not."""
    try:
        fn(dict(results))
        return ""
    except AssertionError as e:
        if str(e):
            return str(e)
        # A bare `assert` has no message: show the failing source line instead.
        frames = traceback.extract_tb(e.__traceback__)
        line = frames[-1].line if frames else ""
        return f"assertion failed: {line}" if line else "assertion failed"
    except Exception as e:
        return _error_text(e)


def run_self_test(module: Any, manifest: dict, protocol: Protocol, module_dir: Path,
                  work_dir: Optional[str]) -> int:
    """Runs the self-test on a loaded module object (see load_module)."""
    module_cls = type(module)
    base = Path(work_dir).absolute() if work_dir else Path(tempfile.mkdtemp(prefix="taskmill-test-"))
    try:
        for sub in ("fixtures", "output", "work"):  # fresh each time, even in a reused --work-dir
            shutil.rmtree(base / sub, ignore_errors=True)
        try:
            spec = module.self_test()
            if not isinstance(spec, SelfTest):
                raise TypeError(f"self_test() must return a SelfTest, got {type(spec).__name__}")
            ports = {p.name: p for p in module_cls.inputs}
            for name in spec.inputs:
                if name not in ports:
                    raise ValueError(f"self_test() gives a fixture for '{name}', which is not a declared input")
            for name, port in ports.items():
                if not port.optional and name not in spec.inputs:
                    raise ValueError(f"self_test() has no fixture for the required input '{name}'")
            inputs = {name: _materialize(fx, ports[name], base / "fixtures", module_dir)
                      for name, fx in spec.inputs.items()}
        except (Exception, SystemExit) as e:
            protocol.result(ok=False, outputs={}, checks=[], **_failure(e))
            return EXIT_FAILED

        params = fill_defaults(manifest["params"], spec.params)
        ctx = Context(module_cls, params, inputs, base / "output", base / "work", protocol)
        failure = _execute(module, ctx)
        if failure:
            protocol.result(ok=False, outputs=ctx.protocol_outputs(), checks=[], **failure)
            return EXIT_FAILED

        checks: List[Dict[str, Any]] = []
        for i, fn in enumerate(spec.checks):
            message = _run_check(fn, ctx.results())
            checks.append({"name": _check_name(fn, i, len(spec.checks)), "ok": not message, "message": message})
        failed = [c for c in checks if not c["ok"]]
        error = None
        if failed:
            error = f"{len(failed)} of {len(checks)} check(s) failed: " + "; ".join(
                f"{c['name']}: {c['message']}" for c in failed)
        protocol.result(ok=not failed, outputs=ctx.protocol_outputs(), checks=checks, error=error)
        return EXIT_FAILED if failed else EXIT_OK
    finally:
        if not work_dir:
            shutil.rmtree(base, ignore_errors=True)
