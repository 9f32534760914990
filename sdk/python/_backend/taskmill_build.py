"""PEP 517 backend: setuptools when it can build wheels, else a small stdlib wheel writer.

Why: a fresh Python 3.11 venv has setuptools 65 but not the `wheel` package, so
`pip install --no-build-isolation` with plain setuptools fails with
"invalid command 'bdist_wheel'" (and 3.12+ venvs have no setuptools at all).
taskmill is pure Python without dependencies, so writing its wheel is simple.
"""
import base64
import hashlib
import importlib.util
import os
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "taskmill"


def _setuptools_can_build():
    try:
        if importlib.util.find_spec("setuptools") is None:
            return False
        # setuptools >= 70.1 has bdist_wheel built in; older versions need `wheel`.
        return (importlib.util.find_spec("wheel") is not None
                or importlib.util.find_spec("setuptools.command.bdist_wheel") is not None)
    except ImportError:
        return False


if _setuptools_can_build():
    from setuptools.build_meta import *  # noqa: F401,F403
else:
    def _project():
        """The simple string fields of [project] in pyproject.toml (all this package uses)."""
        text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        section = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S).group(1)
        return dict(re.findall(r'^([\w-]+)\s*=\s*"([^"]*)"\s*$', section, re.M))

    def _entry_points():
        """[project.scripts] of pyproject.toml as an entry_points.txt text ('' when none)."""
        text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        section = re.search(r"^\[project\.scripts\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
        scripts = re.findall(r'^([\w.-]+)\s*=\s*"([^"]*)"\s*$', section.group(1), re.M) if section else []
        if not scripts:
            return ""
        return "[console_scripts]\n" + "".join(f"{name} = {target}\n" for name, target in scripts)

    def _dist_info(project):
        return f"{project['name']}-{project['version']}.dist-info"

    def _metadata(project):
        lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}",
                 f"Summary: {project.get('description', '')}"]
        if "requires-python" in project:
            lines.append(f"Requires-Python: {project['requires-python']}")
        return "\n".join(lines) + "\n"

    def _write_dist_info(directory, project):
        target = Path(directory) / _dist_info(project)
        target.mkdir(parents=True, exist_ok=True)
        (target / "METADATA").write_text(_metadata(project), encoding="utf-8")
        if _entry_points():
            (target / "entry_points.txt").write_text(_entry_points(), encoding="utf-8")
        return target.name

    def _wheel(wheel_directory, files):
        project = _project()
        name = f"{project['name']}-{project['version']}-py3-none-any.whl"
        info = _dist_info(project)
        files = dict(files)
        files[f"{info}/METADATA"] = _metadata(project).encode()
        if _entry_points():
            files[f"{info}/entry_points.txt"] = _entry_points().encode()
        files[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: taskmill_build\n"
                                  b"Root-Is-Purelib: true\nTag: py3-none-any\n")
        record = []
        for arcname, data in files.items():
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{arcname},sha256={digest},{len(data)}")
        record.append(f"{info}/RECORD,,")
        files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
        with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as zf:
            for arcname, data in files.items():
                zf.writestr(arcname, data)
        return name

    def get_requires_for_build_wheel(config_settings=None):
        return []

    get_requires_for_build_editable = get_requires_for_build_wheel

    def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
        return _write_dist_info(metadata_directory, _project())

    prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel

    def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
        sources = sorted(p for p in (ROOT / PACKAGE).rglob("*.py") if "__pycache__" not in p.parts)
        return _wheel(wheel_directory, {p.relative_to(ROOT).as_posix(): p.read_bytes() for p in sources})

    def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
        # A .pth file puts the source folder on sys.path, so edits apply without reinstalling.
        return _wheel(wheel_directory, {f"__editable__.{PACKAGE}.pth": (str(ROOT) + "\n").encode()})

    def get_requires_for_build_sdist(config_settings=None):
        return []

    def build_sdist(sdist_directory, config_settings=None):
        raise RuntimeError("building an sdist needs setuptools with bdist_wheel support (or `wheel`)")
