"""The SDK must install with `pip install --no-build-isolation` into a fresh venv (no `wheel` package)."""
import base64
import hashlib
import importlib.util
import os
import subprocess
import sys
import zipfile

import pytest

from conftest import MODULES, SDK_DIR


def _fallback_backend(monkeypatch):
    real = importlib.util.find_spec
    # Pretend setuptools cannot build wheels, as in a fresh Python 3.11 venv.
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in ("wheel", "setuptools.command.bdist_wheel") else real(name, *a))
    spec = importlib.util.spec_from_file_location("taskmill_build_test", SDK_DIR / "_backend" / "taskmill_build.py")
    backend = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(backend)
    return backend


def test_fallback_wheel_is_complete(monkeypatch, tmp_path):
    backend = _fallback_backend(monkeypatch)
    assert backend.get_requires_for_build_wheel() == []
    name = backend.build_wheel(str(tmp_path))
    assert name == "taskmill-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(tmp_path / name) as zf:
        names = set(zf.namelist())
        assert {"taskmill/__init__.py", "taskmill/__main__.py", "taskmill-0.1.0.dist-info/METADATA",
                "taskmill-0.1.0.dist-info/WHEEL", "taskmill-0.1.0.dist-info/RECORD"} <= names
        assert not any("__pycache__" in n or n.startswith("tests/") for n in names)
        metadata = zf.read("taskmill-0.1.0.dist-info/METADATA").decode()
        assert "Name: taskmill\n" in metadata and "Requires-Python: >=3.9\n" in metadata
        for line in zf.read("taskmill-0.1.0.dist-info/RECORD").decode().splitlines():
            path, digest, size = line.split(",")
            if digest:
                data = zf.read(path)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                assert digest == f"sha256={expected}" and int(size) == len(data)
    (tmp_path / "e").mkdir()
    editable = backend.build_editable(str(tmp_path / "e"))
    with zipfile.ZipFile(tmp_path / "e" / editable) as zf:
        assert zf.read("__editable__.taskmill.pth").decode().strip() == str(SDK_DIR)


def test_install_without_build_isolation_in_fresh_venv(tmp_path):
    venv = tmp_path / "venv"
    made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot create a venv here: {made.stderr.strip()[:200]}")
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    pip = subprocess.run([str(python), "-m", "pip", "install", "--no-build-isolation", "--no-index", str(SDK_DIR)],
                         capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    # No PYTHONPATH: the installed package alone must be enough.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(TASKMILL_PROTOCOL="1", PYTHONDONTWRITEBYTECODE="1")
    out = subprocess.run([str(python), "-m", "taskmill", "test"], cwd=str(MODULES / "text-stats"),
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    assert '"ok":true' in out.stdout.splitlines()[-1]
