"""PEP 517 backend of both SDK distributions (taskmill-runtime and taskmill): a small stdlib wheel writer.

Why not setuptools: a fresh Python 3.11 venv has setuptools 65 without the `wheel` package, so
`pip install --no-build-isolation` fails with "invalid command 'bdist_wheel'", 3.12+ venvs have no
setuptools at all, and setuptools cannot put two source folders into one package (the client adds
`taskmill/client.py` and `taskmill/apicli.py` to the runtime's `taskmill`). Both distributions are
pure Python without third-party dependencies, so writing their wheels is simple, and with no build
requirements `pip install` works offline, with or without build isolation.

It reads the project being built from pyproject.toml in the working directory (PEP 517 runs hooks
in the source tree): [project] name, version, description, requires-python, dependencies and
scripts, and [tool.taskmill-build] sources, the folder (relative to the project) that holds the
`taskmill` package folder. A dependency may name a sibling folder as `{root:uri}/folder`, as
hatchling allows: the client depends on the runtime of the same checkout that way.
"""
import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile
from pathlib import Path

PACKAGE = "taskmill"
# Not part of a distribution: caches, build leftovers, hidden files.
SKIPPED = re.compile(r"(^|/)(\.[^/]*|__pycache__|build|dist|[^/]*\.egg-info)(/|$)|\.py[co]$")


def _pyproject():
    return (Path.cwd() / "pyproject.toml").read_text(encoding="utf-8")


def _section(text, name):
    match = re.search(r"^\[" + re.escape(name) + r"\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    return match.group(1) if match else ""


def _project():
    """The [project] fields this backend uses; lists of strings become Python lists."""
    text = _pyproject()
    section = _section(text, "project")
    project = dict(re.findall(r'^([\w-]+)\s*=\s*"([^"]*)"\s*$', section, re.M))
    lists = re.search(r"^dependencies\s*=\s*\[(.*?)\]", section, re.M | re.S)
    root = Path.cwd().resolve().as_uri()
    project["dependencies"] = [d.replace("{root:uri}", root)
                               for d in re.findall(r'"([^"]*)"', lists.group(1) if lists else "")]
    project["scripts"] = re.findall(r'^([\w.-]+)\s*=\s*"([^"]*)"\s*$', _section(text, "project.scripts"), re.M)
    sources = re.search(r'^sources\s*=\s*"([^"]*)"\s*$', _section(text, "tool.taskmill-build"), re.M)
    project["sources"] = sources.group(1) if sources else "."
    return project


def _sources_root(project):
    return (Path.cwd() / project["sources"]).resolve()


def _dist_name(project):
    return re.sub(r"[-_.]+", "_", project["name"])


def _dist_info(project):
    return f"{_dist_name(project)}-{project['version']}.dist-info"


def _metadata(project):
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}",
             f"Summary: {project.get('description', '')}"]
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    lines += [f"Requires-Dist: {dependency}" for dependency in project["dependencies"]]
    return "\n".join(lines) + "\n"


def _entry_points(project):
    """[project.scripts] as an entry_points.txt text ('' when none)."""
    if not project["scripts"]:
        return ""
    return "[console_scripts]\n" + "".join(f"{name} = {target}\n" for name, target in project["scripts"])


def _wheel(wheel_directory, files):
    project = _project()
    name = f"{_dist_name(project)}-{project['version']}-py3-none-any.whl"
    info = _dist_info(project)
    files = dict(files)
    files[f"{info}/METADATA"] = _metadata(project).encode()
    if _entry_points(project):
        files[f"{info}/entry_points.txt"] = _entry_points(project).encode()
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


get_requires_for_build_editable = get_requires_for_build_sdist = get_requires_for_build_wheel


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    project = _project()
    target = Path(metadata_directory) / _dist_info(project)
    target.mkdir(parents=True, exist_ok=True)
    (target / "METADATA").write_text(_metadata(project), encoding="utf-8")
    if _entry_points(project):
        (target / "entry_points.txt").write_text(_entry_points(project), encoding="utf-8")
    return target.name


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    root = _sources_root(_project())
    sources = sorted(p for p in (root / PACKAGE).rglob("*.py") if not SKIPPED.search(p.relative_to(root).as_posix()))
    return _wheel(wheel_directory, {p.relative_to(root).as_posix(): p.read_bytes() for p in sources})


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # A .pth file puts the source folder on sys.path, so edits apply without reinstalling.
    project = _project()
    pth = f"__editable__.{_dist_name(project)}.pth"
    return _wheel(wheel_directory, {pth: (str(_sources_root(project)) + "\n").encode()})


def build_sdist(sdist_directory, config_settings=None):
    """The project folder as it is (its dependencies' `{root:uri}` folders included), plus PKG-INFO."""
    project = _project()
    base = f"{_dist_name(project)}-{project['version']}"
    here = Path.cwd()
    name = f"{base}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tar:
        for path in sorted(here.rglob("*")):
            relative = path.relative_to(here).as_posix()
            if path.is_file() and not SKIPPED.search(relative):
                tar.add(str(path), arcname=f"{base}/{relative}", recursive=False)
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        data = _metadata(project).encode()
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return name
