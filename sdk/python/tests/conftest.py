"""Helpers that run `python -m taskmill` as a real subprocess, as the service does."""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SDK_DIR = Path(__file__).resolve().parents[1]      # distribution `taskmill`: client + command
RUNTIME_DIR = SDK_DIR / "runtime"                  # distribution `taskmill-runtime`: what modules get
CLIENT_DIR = SDK_DIR / "client"
REPO = SDK_DIR.parents[1]
MODULES = REPO / "modules"
BROKEN = REPO / "src" / "test" / "resources" / "broken-modules"


def sdk_env(extra_path=None):
    env = dict(os.environ)
    # The subprocess must find the runtime without an install, and leave no bytecode in the repo.
    parts = ([str(extra_path)] if extra_path else []) + [str(RUNTIME_DIR)]
    if env.get("PYTHONPATH"):
        parts.append(env["PYTHONPATH"])
    env.update(PYTHONPATH=os.pathsep.join(parts), TASKMILL_PROTOCOL="1",
               PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1")
    return env


class Outcome:
    def __init__(self, proc):
        self.code = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        # Every stdout line must be protocol JSON: this is what the tests guard.
        self.lines = [json.loads(line) for line in proc.stdout.splitlines()]

    @property
    def result(self):
        results = [m for m in self.lines if m["type"] == "result"]
        assert len(results) == 1, f"expected one result line, got {self.lines}"
        assert self.lines[-1] is results[0], "the result must be the last line"
        return results[0]

    def of_type(self, kind):
        return [m for m in self.lines if m["type"] == kind]


def run_taskmill(cwd, *args, extra_path=None, timeout=60, module=True):
    cmd = [sys.executable, "-m", "taskmill", *args] if module else [sys.executable, *args]
    proc = subprocess.run(cmd, cwd=str(cwd), env=sdk_env(extra_path), capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout, stdin=subprocess.DEVNULL)
    return Outcome(proc)


HEADER = "from taskmill import *\n"


@pytest.fixture
def module_dir(tmp_path):
    """Writes main.py (dedented, with `from taskmill import *` prepended) and returns its folder."""
    folder = tmp_path / "mod"
    folder.mkdir()

    def write(source, header=True, filename="main.py"):
        (folder / filename).write_text((HEADER if header else "") + textwrap.dedent(source), encoding="utf-8")
        return folder

    return write


@pytest.fixture
def job(tmp_path):
    """Writes a job file and returns (path, output_dir)."""
    def write(inputs, params=None, **extra):
        out = tmp_path / "out"
        data = {"taskId": "t1", "inputs": inputs, "params": params or {},
                "outputDir": str(out), "workDir": str(tmp_path / "work"), **extra}
        path = tmp_path / "job.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return str(path), out

    return write
