"""A small client for Taskmill's REST API (``/api/v1``), standard library only.

    from taskmill.client import Client

    api = Client("http://127.0.0.1:8080", api_key="...")     # or TASKMILL_URL / TASKMILL_API_KEY
    photo = api.upload("photo.jpg", tags=["holiday"])
    task = api.create_task("image-resize", {"image": photo["id"]}, params={"width": 320})
    done = api.wait(task["id"])
    api.download(done["outputs"]["image"], "small.png")

Every method returns the API's JSON as plain dicts and lists. An error answer raises
:class:`ApiError` with the problem+json fields (``status``, ``title``, ``detail``, ``errors``).
Uploads and downloads are streamed (a 10 GiB file never sits in memory) and can report progress
through a ``progress(done_bytes, total_bytes)`` callback.
"""
from __future__ import annotations

import http.client
import json
import mimetypes
import os
import re
import tempfile
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Union
from urllib.parse import quote, urlencode, urlsplit

__all__ = ["ApiError", "Client", "TERMINAL_TASK_STATES", "DEFAULT_URL"]

DEFAULT_URL = "http://127.0.0.1:8080"
TERMINAL_TASK_STATES = ("SUCCEEDED", "FAILED", "CANCELLED")
TERMINAL_PIPELINE_STATES = ("SUCCEEDED", "FAILED", "CANCELLED")
CHUNK = 1024 * 1024

Progress = Callable[[int, Optional[int]], None]


class ApiError(Exception):
    """An error answer of the API (RFC 9457 problem details), or a transport failure (status 0)."""

    def __init__(self, status: int, title: str, detail: str, errors: Optional[List[dict]] = None,
                 body: Any = None):
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors or []
        self.body = body
        text = f"{status} {title}: {detail}" if status else detail
        for error in self.errors:
            line = f"{error.get('field')}: {error.get('message')}"
            if line not in text:
                text += f"\n  {line}"
        super().__init__(text)


class Client:
    """Talks to one Taskmill service. Thread-safe: each call opens its own connection."""

    def __init__(self, base_url: Optional[str] = None, api_key: Optional[str] = None,
                 timeout: float = 60.0):
        self.base_url = (base_url or os.environ.get("TASKMILL_URL") or DEFAULT_URL).rstrip("/")
        self.api_key = api_key if api_key is not None else os.environ.get("TASKMILL_API_KEY")
        self.timeout = timeout
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {self.base_url!r}")
        self._scheme = parts.scheme
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")

    # ---- data items ----

    def upload(self, path: Union[str, Path], label: Optional[str] = None,
               tags: Optional[Iterable[str]] = None, metadata: Optional[Mapping[str, Any]] = None,
               progress: Optional[Progress] = None, ttl_seconds: Optional[int] = None) -> dict:
        """Uploads a file (multipart, streamed); kind and media type are detected by the service.
        ``ttl_seconds``: deleted that long after the upload (README "Retention")."""
        path = Path(path)
        fields: List[tuple] = []
        if label is not None:
            fields.append(("label", label))
        for tag in tags or []:
            fields.append(("tags", tag))
        if metadata is not None:
            fields.append(("metadata", json.dumps(metadata)))
        if ttl_seconds is not None:
            fields.append(("ttlSeconds", str(ttl_seconds)))
        return self._post_file("/api/v1/data", path, fields, "application/octet-stream", progress)

    def _post_file(self, api_path: str, path: Path, fields: List[tuple], file_type: str,
                   progress: Optional[Progress]) -> Any:
        """POSTs a multipart form of ``fields`` and the file ``path`` (streamed) as its part "file"."""
        size = path.stat().st_size
        boundary = "taskmill-" + uuid.uuid4().hex
        head = b""
        for name, value in fields:
            head += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n"
                     f"Content-Type: text/plain; charset=utf-8\r\n\r\n").encode() + value.encode() + b"\r\n"
        filename = path.name.replace('"', "_").replace("\r", "_").replace("\n", "_")
        head += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                 f"filename=\"{quote(filename, safe=' ._-()[]')}\"\r\n"
                 f"Content-Type: {file_type}\r\n\r\n").encode()
        tail = f"\r\n--{boundary}--\r\n".encode()

        def body() -> Iterator[bytes]:
            yield head
            sent = 0
            with open(path, "rb") as f:
                while True:
                    chunk = f.read(CHUNK)
                    if not chunk:
                        break
                    sent += len(chunk)
                    yield chunk
                    if progress:
                        progress(sent, size)
            yield tail

        if progress:
            progress(0, size)
        return self._json("POST", api_path, body=body(), length=len(head) + size + len(tail),
                          content_type=f"multipart/form-data; boundary={boundary}")

    def create_text(self, text: str, label: Optional[str] = None, tags: Optional[Iterable[str]] = None,
                    metadata: Optional[Mapping[str, Any]] = None, ttl_seconds: Optional[int] = None) -> dict:
        """A TEXT item from a string."""
        return self._json("POST", "/api/v1/data", json_body=_drop_none(
            {"kind": "TEXT", "text": text, "label": label, "tags": list(tags) if tags else None,
             "metadata": metadata, "ttlSeconds": ttl_seconds}))

    def create_json(self, value: Any, label: Optional[str] = None, tags: Optional[Iterable[str]] = None,
                    metadata: Optional[Mapping[str, Any]] = None, ttl_seconds: Optional[int] = None) -> dict:
        """A JSON item from any JSON value."""
        return self._json("POST", "/api/v1/data", json_body=_drop_none(
            {"kind": "JSON", "json": value, "label": label, "tags": list(tags) if tags else None,
             "metadata": metadata, "ttlSeconds": ttl_seconds}))

    def data(self, item_id: str) -> dict:
        return self._json("GET", f"/api/v1/data/{_id(item_id)}")

    def list_data(self, **filters: Any) -> dict:
        """A page ``{items, page, size, total}``; filters: label, tag, kind, status, origin,
        producerTaskId, page, size."""
        return self._json("GET", "/api/v1/data", query=filters)

    def update_data(self, item_id: str, **fields: Any) -> dict:
        """Changes label, tags or metadata."""
        return self._json("PATCH", f"/api/v1/data/{_id(item_id)}", json_body=fields)

    def delete_data(self, item_id: str) -> None:
        self._call("DELETE", f"/api/v1/data/{_id(item_id)}")

    def lineage(self, item_id: str) -> dict:
        return self._json("GET", f"/api/v1/data/{_id(item_id)}/lineage")

    def read_bytes(self, item_id: str) -> bytes:
        """The whole content in memory (small items; use :meth:`download` for files)."""
        status, headers, data = self._call("GET", f"/api/v1/data/{_id(item_id)}/content", accept="*/*")
        return data

    def read_text(self, item_id: str) -> str:
        return self.read_bytes(item_id).decode("utf-8")

    def download(self, item_id: str, dest: Union[str, Path], progress: Optional[Progress] = None) -> Path:
        """Streams the content to ``dest`` (a file, or a directory: the item's label is the name).
        Written to a temporary file first, renamed when complete."""
        dest = Path(dest)
        if dest.is_dir():
            dest = dest / _file_name(self.data(item_id), item_id)
        conn = self._connection()
        try:
            conn.request("GET", self._path(f"/api/v1/data/{_id(item_id)}/content"),
                         headers=self._headers(accept="*/*"))
            response = conn.getresponse()
            if response.status >= 400:
                raise self._error(response.status, response.getheader("Content-Type"), response.read())
            total = response.getheader("Content-Length")
            total = int(total) if total and total.isdigit() else None
            partial = dest.with_name(dest.name + ".part")
            done = 0
            if progress:
                progress(0, total)
            with open(partial, "wb") as out:
                while True:
                    chunk = response.read(CHUNK)
                    if not chunk:
                        break
                    out.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
            if total is not None and done != total:
                partial.unlink()
                raise ApiError(0, "Incomplete", f"the download ended after {done} of {total} bytes")
            os.replace(partial, dest)
            return dest
        except OSError as e:
            raise ApiError(0, "Unreachable", f"{self.base_url}: {e}") from e
        finally:
            conn.close()

    # ---- tasks and pipelines ----

    def create_task(self, module: str, inputs: Mapping[str, str], params: Optional[Mapping[str, Any]] = None,
                    label: Optional[str] = None, priority: Optional[int] = None,
                    max_attempts: Optional[int] = None, timeout_seconds: Optional[int] = None,
                    delay_seconds: Optional[int] = None, ttl_seconds: Optional[int] = None) -> dict:
        """Creates a task; its outputs exist at once (PENDING) and can feed further tasks.
        ``ttl_seconds``: the task and its outputs are deleted that long after creation, once
        finished and no longer read by an unfinished task (README "Retention")."""
        return self._json("POST", "/api/v1/tasks", json_body=_drop_none({
            "module": module, "inputs": dict(inputs), "params": dict(params) if params is not None else None,
            "label": label, "priority": priority, "maxAttempts": max_attempts,
            "timeoutSeconds": timeout_seconds, "delaySeconds": delay_seconds, "ttlSeconds": ttl_seconds}))

    def task(self, task_id: str) -> dict:
        return self._json("GET", f"/api/v1/tasks/{_id(task_id)}")

    def list_tasks(self, **filters: Any) -> dict:
        """A page ``{items, page, size, total}``; filters: status, module, label, page, size."""
        return self._json("GET", "/api/v1/tasks", query=filters)

    def task_log(self, task_id: str) -> str:
        return self._call("GET", f"/api/v1/tasks/{_id(task_id)}/log", accept="text/plain")[2].decode("utf-8", "replace")

    def cancel(self, task_id: str) -> dict:
        return self._json("POST", f"/api/v1/tasks/{_id(task_id)}/cancel")

    def retry(self, task_id: str) -> dict:
        return self._json("POST", f"/api/v1/tasks/{_id(task_id)}/retry")

    def wait(self, task_id: str, timeout: Optional[float] = None, poll: float = 0.5,
             on_update: Optional[Callable[[dict], None]] = None) -> dict:
        """Polls until the task is SUCCEEDED, FAILED or CANCELLED and returns it (it does not
        raise for FAILED: look at ``status`` and ``error``). ``TimeoutError`` after ``timeout`` s."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            task = self.task(task_id)
            if on_update:
                on_update(task)
            if task["status"] in TERMINAL_TASK_STATES:
                return task
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"task {task_id} is still {task['status']} after {timeout} s")
            time.sleep(poll)

    def follow_log(self, task_id: str, poll: float = 1.0) -> Iterator[str]:
        """Yields the task's log as it grows, until the task has finished."""
        seen = ""
        while True:
            finished = self.task(task_id)["status"] in TERMINAL_TASK_STATES
            text = self.task_log(task_id)
            new = _new_text(seen, text)
            if new:
                yield new
            seen = text
            if finished:
                return
            time.sleep(poll)

    def create_pipeline(self, steps: List[Mapping[str, Any]], label: Optional[str] = None) -> dict:
        """Several steps at once; a step input is an item id or ``{"step": name, "output": port}``."""
        return self._json("POST", "/api/v1/pipelines", json_body=_drop_none({"label": label, "steps": list(steps)}))

    def pipeline(self, pipeline_id: str) -> dict:
        return self._json("GET", f"/api/v1/pipelines/{_id(pipeline_id)}")

    def wait_pipeline(self, pipeline_id: str, timeout: Optional[float] = None, poll: float = 0.5,
                      on_update: Optional[Callable[[dict], None]] = None) -> dict:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            pipeline = self.pipeline(pipeline_id)
            if on_update:
                on_update(pipeline)
            if pipeline["status"] in TERMINAL_PIPELINE_STATES:
                return pipeline
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"pipeline {pipeline_id} is still {pipeline['status']} after {timeout} s")
            time.sleep(poll)

    # ---- modules, dashboard ----

    def modules(self) -> List[dict]:
        return self._json("GET", "/api/v1/modules")

    def module(self, name: str) -> dict:
        return self._json("GET", f"/api/v1/modules/{quote(name, safe='')}")

    def module_log(self, name: str) -> str:
        return self._call("GET", f"/api/v1/modules/{quote(name, safe='')}/log", accept="text/plain")[2].decode()

    def upload_module(self, path: Union[str, Path], name: Optional[str] = None,
                      progress: Optional[Progress] = None) -> dict:
        """Uploads a module as a bundle (admins): a .zip as it is, or a folder zipped here (its
        files under the folder's name, caches and hidden files left out). ``name`` defaults to the
        zip's top folder or file name. Every instance then sets it up; the answer is the module."""
        path = Path(path)
        fields = [("name", name)] if name else []
        if not path.is_dir():
            return self._post_file("/api/v1/modules", path, fields, "application/zip", progress)
        with tempfile.TemporaryDirectory(prefix="taskmill-bundle-") as tmp:
            zipped = zip_folder(path, Path(tmp) / f"{path.resolve().name}.zip")
            return self._post_file("/api/v1/modules", zipped, fields, "application/zip", progress)

    def delete_module(self, name: str) -> None:
        """Retires an uploaded module, or removes the entry of a folder module that is gone."""
        self._call("DELETE", f"/api/v1/modules/{quote(name, safe='')}")

    def detect(self) -> dict:
        """Starts a detection pass (or returns the one running)."""
        return self._json("POST", "/api/v1/modules/detect")

    def detection(self) -> dict:
        return self._json("GET", "/api/v1/modules/detect")

    def dashboard(self) -> dict:
        return self._json("GET", "/api/v1/dashboard")

    # ---- HTTP ----

    def _connection(self) -> http.client.HTTPConnection:
        if self._scheme == "https":
            return http.client.HTTPSConnection(self._host, self._port, timeout=self.timeout)
        return http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)

    def _path(self, path: str, query: Optional[Mapping[str, Any]] = None) -> str:
        full = self._prefix + path
        query = {k: v for k, v in (query or {}).items() if v is not None}
        return full + ("?" + urlencode(query, doseq=True) if query else "")

    def _headers(self, accept: str = "application/json", content_type: Optional[str] = None,
                 length: Optional[int] = None) -> Dict[str, str]:
        headers = {"Accept": accept, "User-Agent": "taskmill-python-client"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        if content_type:
            headers["Content-Type"] = content_type
        if length is not None:
            headers["Content-Length"] = str(length)
        return headers

    def _call(self, method: str, path: str, query: Optional[Mapping[str, Any]] = None,
              json_body: Any = None, body: Any = None, length: Optional[int] = None,
              content_type: Optional[str] = None, accept: str = "application/json"):
        if json_body is not None:
            body = json.dumps(json_body).encode("utf-8")
            length = len(body)
            content_type = "application/json"
        elif body is None and method in ("POST", "PUT", "PATCH"):
            body, length = b"", 0
        conn = self._connection()
        try:
            conn.putrequest(method, self._path(path, query), skip_accept_encoding=True)
            for name, value in self._headers(accept, content_type, length).items():
                conn.putheader(name, value)
            conn.endheaders()
            if isinstance(body, (bytes, bytearray)):
                conn.send(body)
            elif body is not None:
                for chunk in body:
                    conn.send(chunk)
            response = conn.getresponse()
            data = response.read()
            if response.status >= 400:
                raise self._error(response.status, response.getheader("Content-Type"), data)
            return response.status, response.headers, data
        except (OSError, http.client.HTTPException) as e:
            raise ApiError(0, "Unreachable", f"{self.base_url}: {e}") from e
        finally:
            conn.close()

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        status, headers, data = self._call(method, path, **kwargs)
        return json.loads(data) if data else None

    @staticmethod
    def _error(status: int, content_type: Optional[str], data: bytes) -> ApiError:
        try:
            problem = json.loads(data)
        except ValueError:
            problem = None
        if isinstance(problem, dict):
            return ApiError(status, str(problem.get("title", "")), str(problem.get("detail", "")),
                            problem.get("errors"), problem)
        text = data.decode("utf-8", "replace").strip()[:500]
        return ApiError(status, http.client.responses.get(status, "Error"), text or "(no body)", None, text)


def _drop_none(values: Mapping[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _id(value: str) -> str:
    return quote(str(value), safe="")


def _safe_name(label: str) -> str:
    name = "".join(c if c.isalnum() or c in "._- " else "_" for c in label).strip(" .")
    return name or "download"


# What modules write most, where the platform's table (mimetypes) has no entry or an odd first one.
_EXTENSIONS = {"application/json": ".json", "text/plain": ".txt", "application/x-subrip": ".srt",
               "text/vtt": ".vtt", "audio/wav": ".wav", "audio/x-wav": ".wav", "image/jpeg": ".jpg"}


def _file_name(item: dict, item_id: str) -> str:
    """The item's label as a file name; a label without an extension (a module's output is labelled
    with its port, "stats") gets the one its media type calls for, so the file opens in the right
    program."""
    name = _safe_name(item.get("label") or item_id)
    if re.search(r"\.[A-Za-z0-9]{1,5}$", name):
        return name
    media = (item.get("mediaType") or "").split(";")[0].strip().lower()
    extension = _EXTENSIONS.get(media) or (mimetypes.guess_extension(media) if media else None)
    return name + (extension or "")


def _new_text(old: str, new: str) -> str:
    """What ``new`` adds to ``old`` (the log is a bounded tail: its start may have scrolled away)."""
    if new.startswith(old):
        return new[len(old):]
    anchor = old[-256:]
    # After scrolling, the old end sits further left in the new text, never further right.
    at = new.rfind(anchor, 0, len(old)) if anchor else -1
    return new[at + len(anchor):] if at >= 0 else new


# What a module folder holds that is not the module: caches, environments, version control.
_NOT_MODULE = {"__pycache__", "node_modules", ".venv", "venv"}


def zip_folder(folder: Union[str, Path], dest: Union[str, Path]) -> Path:
    """Zips a module folder into ``dest``, its files under the folder's name. The same files give
    the same zip (sorted, fixed times), so uploading an unchanged folder again changes nothing."""
    folder = Path(folder).resolve()
    dest = Path(dest)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            relative = file.relative_to(folder)
            if (not file.is_file() or file.is_symlink() or file.suffix in (".pyc", ".pyo")
                    or any(p.startswith(".") or p in _NOT_MODULE or p.endswith(".egg-info")
                           for p in relative.parts)):
                continue
            info = zipfile.ZipInfo(f"{folder.name}/{relative.as_posix()}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, file.read_bytes())
    return dest
