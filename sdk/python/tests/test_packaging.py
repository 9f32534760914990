"""The two distributions: taskmill-runtime (runtime/, what module environments get) and taskmill
(the client and the `taskmill` command, which pulls in the runtime). Both must install with
`pip install --no-build-isolation --no-index` into a fresh venv (no setuptools, no `wheel`)."""
import base64
import hashlib
import importlib.util
import os
import subprocess
import sys
import tarfile
import zipfile

import pytest

from conftest import CLIENT_DIR, MODULES, RUNTIME_DIR, SDK_DIR

CLIENT_FILES = {"taskmill/client.py", "taskmill/apicli.py"}


def load_backend(monkeypatch, project_dir):
    """The build backend, as pip runs it: with the project being built as the working directory."""
    monkeypatch.chdir(project_dir)
    spec = importlib.util.spec_from_file_location("taskmill_build_test",
                                                  RUNTIME_DIR / "_backend" / "taskmill_build.py")
    backend = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(backend)
    return backend


def _check_record(zf, info):
    for line in zf.read(f"{info}/RECORD").decode().splitlines():
        path, digest, size = line.split(",")
        if digest:
            data = zf.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}" and int(size) == len(data)


def test_the_runtime_wheel_has_the_module_runtime_and_no_client(monkeypatch, tmp_path):
    backend = load_backend(monkeypatch, RUNTIME_DIR)
    assert backend.get_requires_for_build_wheel() == []
    name = backend.build_wheel(str(tmp_path))
    assert name == "taskmill_runtime-0.1.0-py3-none-any.whl"
    info = "taskmill_runtime-0.1.0.dist-info"
    with zipfile.ZipFile(tmp_path / name) as zf:
        names = set(zf.namelist())
        assert {"taskmill/__init__.py", "taskmill/__main__.py", "taskmill/cli.py", "taskmill/runner.py",
                f"{info}/METADATA", f"{info}/WHEEL", f"{info}/RECORD"} <= names
        assert not names & CLIENT_FILES
        assert f"{info}/entry_points.txt" not in names
        assert not any("__pycache__" in n or n.startswith("tests/") or n.endswith(".pyc") for n in names)
        metadata = zf.read(f"{info}/METADATA").decode()
        assert "Name: taskmill-runtime\n" in metadata and "Requires-Python: >=3.9\n" in metadata
        assert "Requires-Dist" not in metadata
        _check_record(zf, info)
    (tmp_path / "e").mkdir()
    editable = backend.build_editable(str(tmp_path / "e"))
    with zipfile.ZipFile(tmp_path / "e" / editable) as zf:
        assert zf.read("__editable__.taskmill_runtime.pth").decode().strip() == str(RUNTIME_DIR)


def test_the_client_wheel_adds_the_client_and_depends_on_this_runtime(monkeypatch, tmp_path):
    backend = load_backend(monkeypatch, SDK_DIR)
    name = backend.build_wheel(str(tmp_path))
    assert name == "taskmill-0.1.0-py3-none-any.whl"
    info = "taskmill-0.1.0.dist-info"
    with zipfile.ZipFile(tmp_path / name) as zf:
        package = {n for n in zf.namelist() if not n.startswith(info)}
        # No taskmill/__init__.py: the package is the runtime's; the client only adds modules to it.
        assert package == CLIENT_FILES
        metadata = zf.read(f"{info}/METADATA").decode()
        assert "Name: taskmill\n" in metadata
        assert f"Requires-Dist: taskmill-runtime @ {RUNTIME_DIR.resolve().as_uri()}\n" in metadata
        assert zf.read(f"{info}/entry_points.txt").decode() == \
            "[console_scripts]\ntaskmill = taskmill.apicli:entry_point\n"
        _check_record(zf, info)
    (tmp_path / "e").mkdir()
    editable = backend.build_editable(str(tmp_path / "e"))
    with zipfile.ZipFile(tmp_path / "e" / editable) as zf:
        assert zf.read("__editable__.taskmill.pth").decode().strip() == str(CLIENT_DIR)


def test_the_sdist_carries_the_runtime_it_depends_on(monkeypatch, tmp_path):
    backend = load_backend(monkeypatch, SDK_DIR)
    name = backend.build_sdist(str(tmp_path))
    with tarfile.open(tmp_path / name) as tar:
        names = set(tar.getnames())
    assert {"taskmill-0.1.0/PKG-INFO", "taskmill-0.1.0/pyproject.toml", "taskmill-0.1.0/client/taskmill/client.py",
            "taskmill-0.1.0/runtime/pyproject.toml", "taskmill-0.1.0/runtime/taskmill/__init__.py",
            "taskmill-0.1.0/runtime/_backend/taskmill_build.py"} <= names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def test_install_without_build_isolation_in_fresh_venv(tmp_path):
    venv = tmp_path / "venv"
    made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot create a venv here: {made.stderr.strip()[:200]}")
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    # No PYTHONPATH: the installed packages alone must be enough.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(TASKMILL_PROTOCOL="1", PYTHONDONTWRITEBYTECODE="1")

    def pip_install(folder):
        pip = subprocess.run([str(python), "-m", "pip", "install", "--no-build-isolation", "--no-index",
                              "--disable-pip-version-check", str(folder)], capture_output=True, text=True,
                             timeout=300)
        assert pip.returncode == 0, pip.stdout + pip.stderr

    def run(*args):
        return subprocess.run([str(python), *args], cwd=str(MODULES / "text-stats"), capture_output=True,
                              text=True, env=env, timeout=60)

    # What Taskmill installs into a module's environment: the runtime alone runs a module ...
    pip_install(RUNTIME_DIR)
    out = run("-m", "taskmill", "test")
    assert out.returncode == 0, out.stdout + out.stderr
    assert '"ok":true' in out.stdout.splitlines()[-1]
    # ... and has neither the HTTP client nor the command.
    missing = run("-c", "import taskmill.client")
    assert missing.returncode != 0 and "No module named 'taskmill.client'" in missing.stderr
    assert not (python.parent / "taskmill").exists()

    # What people install: one command gives the client and the command, on top of the runtime.
    pip_install(SDK_DIR)
    assert run("-c", "import taskmill.client, taskmill.apicli").returncode == 0
    assert run("-m", "taskmill", "test").returncode == 0
    command = subprocess.run([str(python.parent / "taskmill"), "--help"], capture_output=True, text=True,
                             env=env, timeout=60)
    assert command.returncode == 0 and "upload" in command.stdout
