"""`python -m taskmill test --setup`: a module's self-test in a virtualenv with its requirements,
as the service would run it, without the service. The environment is made once per module,
requirement list and Python version, under ~/.cache/taskmill/test-venvs, and reused after that."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TextIO

RUNTIME = Path(__file__).resolve().parent.parent


def environment_for(manifest: dict) -> Path:
    requirements = manifest.get("requirements") or []
    key = json.dumps([list(sys.version_info[:2]), requirements]).encode()
    cache = Path(os.environ.get("TASKMILL_CACHE") or Path.home() / ".cache" / "taskmill")
    return cache / "test-venvs" / f"{manifest['name']}-{hashlib.sha256(key).hexdigest()[:12]}"


def test_in_environment(manifest: dict, module_path: Path, args, stdout: TextIO) -> int:
    """Makes (or reuses) the environment, then runs `python -m taskmill test` in it; its protocol
    lines (or pretty lines) go to our real stdout, pip's chatter to stderr."""
    venv = environment_for(manifest)
    python = venv / "bin" / "python"
    ready = venv / ".taskmill-ready"
    if not ready.exists():
        requirements = manifest.get("requirements") or []
        print(f"taskmill: making {venv} for {manifest['name']} with {requirements or 'no requirements'}",
              file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True, stdout=sys.stderr)
        if requirements:
            pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", *requirements]
            if subprocess.run(pip, stdout=sys.stderr).returncode != 0:
                print(f"taskmill: pip could not install {requirements}", file=sys.stderr)
                return 2
        ready.touch()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(RUNTIME), env.get("PYTHONPATH")) if p)
    command = [str(python), "-m", "taskmill", "--module-file", str(module_path), "test"]
    command += ["--pretty"] if args.pretty else []
    command += ["--work-dir", args.work_dir] if args.work_dir else []
    stdout.flush()
    return subprocess.run(command, env=env, stdout=stdout, cwd=module_path.parent).returncode
