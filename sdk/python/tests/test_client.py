"""taskmill.client and the `taskmill` command line against a real HTTP server on loopback.

The server below is a small stand-in for the service's API (same paths, bodies and problem+json
errors) that records what it received, so the tests see the real bytes on the wire: the multipart
upload, the bearer key, streamed downloads, polling. scripts/check-clients runs the same command
line against the real service.
"""
import email.parser
import email.policy
import hashlib
import io
import json
import os
import subprocess
import sys
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import RUNTIME_DIR, SDK_DIR
from taskmill import apicli
from taskmill.client import ApiError, Client, _new_text

KEY = "test-key-123"


class FakeTaskmill:
    """State of the stand-in service."""

    def __init__(self):
        self.items = {}
        self.tasks = {}
        self.requests = []
        self.polls = {}
        self.sent = []  # the JSON bodies and upload form fields, as received
        self.seq = 0

    def new_id(self):
        self.seq += 1
        return f"{self.seq:024x}"


def make_handler(state: FakeTaskmill):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _send(self, status, body=b"", content_type="application/json", headers=None):
            if not isinstance(body, bytes):
                body = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def _problem(self, status, title, detail, errors=None):
            body = {"status": status, "title": title, "detail": detail}
            if errors:
                body["errors"] = errors
            self._send(status, body, "application/problem+json")

        def _body(self):
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length)

        def _route(self, method):
            body = self._body() if method in ("POST", "PATCH") else b""
            state.requests.append((method, self.path, dict(self.headers), len(body)))
            if self.headers.get("Authorization") != f"Bearer {KEY}":
                return self._problem(401, "Unauthorized", "Send Authorization: Bearer <key>.")
            path, _, query = self.path.partition("?")
            parts = path.strip("/").split("/")[2:]  # after api/v1
            if parts == ["data"] and method == "POST":
                if self.headers["Content-Type"].startswith("multipart/form-data"):
                    return self._upload(body)
                request = json.loads(body)
                item = self._item(request.get("label") or "text", request["kind"],
                                  (request.get("text") or json.dumps(request.get("json"))).encode())
                state.sent.append(request)
                return self._send(201, item)
            if parts[:1] == ["data"] and len(parts) == 2 and method == "GET":
                item = state.items.get(parts[1])
                if not item:
                    return self._problem(404, "Not Found", f"There is no data item '{parts[1]}'.")
                return self._send(200, item["dto"])
            if parts[:1] == ["data"] and parts[2:] == ["content"]:
                item = state.items.get(parts[1])
                if not item:
                    return self._problem(404, "Not Found", "no such item")
                return self._send(200, item["bytes"], item["dto"]["mediaType"])
            if parts == ["tasks"] and method == "POST":
                request = json.loads(body)
                if request["module"] != "text-stats":
                    return self._problem(422, "Unprocessable Content", "Invalid task.",
                                         [{"field": "module", "message": "no such module"}])
                out = self._item("stats", "JSON", b'{"words": 3}')
                task = {"id": state.new_id(), "module": request["module"], "status": "QUEUED",
                        "inputs": request["inputs"], "params": request.get("params"),
                        "outputs": {"stats": out["id"]}, "progress": None}
                state.tasks[task["id"]] = task
                state.polls[task["id"]] = 0
                state.sent.append(request)
                return self._send(201, task)
            if parts[:1] == ["tasks"] and len(parts) == 2:
                task = state.tasks[parts[1]]
                # Each poll moves the task on: QUEUED -> RUNNING 50% -> SUCCEEDED.
                n = state.polls[task["id"]] = state.polls[task["id"]] + 1
                if n == 2:
                    task.update(status="RUNNING", progress={"fraction": 0.5, "message": "half"})
                elif n >= 3:
                    task.update(status="SUCCEEDED", progress={"fraction": 1.0, "message": "done"})
                return self._send(200, task)
            if parts[:1] == ["tasks"] and parts[2:] == ["log"]:
                n = state.polls.get(parts[1], 0)
                text = "".join(f"line {i}\n" for i in range(n))
                return self._send(200, text.encode(), "text/plain;charset=UTF-8")
            if parts[:1] == ["tasks"] and parts[2:] == ["cancel"]:
                return self._problem(409, "Conflict", "The task has finished.")
            if parts == ["modules"] and method == "POST":
                return self._module_upload(body)
            if parts[:1] == ["modules"] and len(parts) == 2 and method == "DELETE":
                state.sent.append({"deleted": parts[1]})
                return self._send(204)
            if parts == ["modules"]:
                return self._send(200, [{"name": "text-stats", "version": "1.0.0", "status": "AVAILABLE"}])
            return self._problem(404, "Not Found", f"no route {method} {path}")

        def _item(self, label, kind, data, media="text/plain"):
            item_id = state.new_id()
            dto = {"id": item_id, "label": label, "kind": kind, "status": "AVAILABLE",
                   "mediaType": "application/json" if kind == "JSON" else media,
                   "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "tags": []}
            state.items[item_id] = {"dto": dto, "bytes": data}
            return dto

        def _upload(self, body):
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + body)
            fields, file_part = {}, None
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if name == "file":
                    file_part = part
                else:
                    fields.setdefault(name, []).append(part.get_content().strip())
            if file_part is None:
                return self._problem(422, "Unprocessable Content", "The form has no 'file' part.")
            data = file_part.get_payload(decode=True)
            item = self._item(fields.get("label", [file_part.get_filename()])[0], "TEXT", data)
            item["tags"] = fields.get("tags", [])
            item["metadata"] = json.loads(fields["metadata"][0]) if "metadata" in fields else {}
            state.sent.append(fields)
            return self._send(201, item)

        def _module_upload(self, body):
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + body)
            fields, data = {}, None
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if name == "file":
                    data = part.get_payload(decode=True)
                    fields["filename"] = part.get_filename()
                    fields["type"] = part.get_content_type()
                else:
                    fields[name] = part.get_content().strip()
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                fields["entries"] = sorted(archive.namelist())
            fields["sha256"] = hashlib.sha256(data).hexdigest()
            state.sent.append(fields)
            name = fields.get("name") or fields["entries"][0].split("/")[0]
            return self._send(202, {"name": name, "status": "DETECTED", "source": "BUNDLE",
                                    "bundle": fields["sha256"]})

        def do_DELETE(self):
            self._route("DELETE")

        def do_GET(self):
            self._route("GET")

        def do_POST(self):
            self._route("POST")

    return Handler


@pytest.fixture()
def service():
    state = FakeTaskmill()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture()
def api(service):
    return Client(service.url, api_key=KEY)


def test_upload_streams_a_multipart_form_with_the_key_and_reports_progress(api, service, tmp_path):
    path = tmp_path / "big.txt"
    data = os.urandom(3 * 1024 * 1024 + 17)
    path.write_bytes(data)
    seen = []
    item = api.upload(path, label="big", tags=["a", "b"], metadata={"k": 1},
                      progress=lambda done, total: seen.append((done, total)))
    assert item["size"] == len(data)
    assert item["sha256"] == hashlib.sha256(data).hexdigest()
    assert item["label"] == "big" and item["tags"] == ["a", "b"] and item["metadata"] == {"k": 1}
    assert seen[0] == (0, len(data)) and seen[-1] == (len(data), len(data))
    assert len(seen) >= 4  # 1 MiB chunks
    method, url, headers, length = service.requests[-1]
    assert headers["Authorization"] == f"Bearer {KEY}"
    assert headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert int(headers["Content-Length"]) == length > len(data)


def test_ttl_seconds_goes_out_as_the_api_names_it_and_only_when_given(api, service, tmp_path):
    path = tmp_path / "clip.txt"
    path.write_bytes(b"clip")
    api.upload(path, ttl_seconds=86400)
    assert service.sent[-1]["ttlSeconds"] == ["86400"]
    api.upload(path)
    assert "ttlSeconds" not in service.sent[-1]
    text = api.create_text("a b", ttl_seconds=60)
    assert service.sent[-1]["ttlSeconds"] == 60
    api.create_json({"a": 1}, ttl_seconds=120)
    assert service.sent[-1]["ttlSeconds"] == 120
    api.create_task("text-stats", {"text": text["id"]}, ttl_seconds=3600)
    assert service.sent[-1]["ttlSeconds"] == 3600
    api.create_task("text-stats", {"text": text["id"]})
    assert "ttlSeconds" not in service.sent[-1]


def test_download_streams_to_a_file_and_names_it_after_the_label(api, tmp_path):
    text = api.create_text("hello there", label="greeting.txt")
    target = api.download(text["id"], tmp_path)
    assert target == tmp_path / "greeting.txt"
    assert target.read_text() == "hello there"
    assert not list(tmp_path.glob("*.part"))
    progress = []
    other = api.download(text["id"], tmp_path / "x.bin", progress=lambda d, t: progress.append((d, t)))
    assert other.read_bytes() == b"hello there" and progress[-1] == (11, 11)
    assert api.read_text(text["id"]) == "hello there"


def test_a_download_into_a_folder_gets_the_extension_its_media_type_calls_for(api, tmp_path):
    # A module's outputs are labelled with their port names: "stats", "transcript".
    stats = api.download(api.create_json({"words": 3}, label="stats")["id"], tmp_path)
    assert stats == tmp_path / "stats.json" and json.loads(stats.read_text()) == {"words": 3}
    text = api.download(api.create_text("the cat sat", label="transcript")["id"], tmp_path)
    assert text.name == "transcript.txt"
    kept = api.download(api.create_text("x", label="notes.md")["id"], tmp_path)
    assert kept.name == "notes.md"  # an extension of its own stays


def test_errors_are_api_errors_with_the_problem_fields(api, service):
    with pytest.raises(ApiError) as missing:
        api.data("0" * 24)
    assert missing.value.status == 404 and "There is no data item" in missing.value.detail
    with pytest.raises(ApiError) as invalid:
        api.create_task("nope", {"text": "x"})
    assert invalid.value.status == 422
    assert invalid.value.errors == [{"field": "module", "message": "no such module"}]
    assert "module: no such module" in str(invalid.value)
    with pytest.raises(ApiError) as unauthorized:
        Client(service.url, api_key="wrong").modules()
    assert unauthorized.value.status == 401
    with pytest.raises(ApiError) as refused:
        Client("http://127.0.0.1:9", api_key=KEY).modules()
    assert refused.value.status == 0 and "127.0.0.1:9" in str(refused.value)


def test_wait_polls_until_the_task_has_finished(api):
    text = api.create_text("a b c")
    task = api.create_task("text-stats", {"text": text["id"]}, params={"top": 2}, label="t")
    statuses = []
    done = api.wait(task["id"], poll=0.01, on_update=lambda t: statuses.append(t["status"]))
    assert done["status"] == "SUCCEEDED"
    assert statuses == ["QUEUED", "RUNNING", "SUCCEEDED"]
    assert json.loads(api.read_text(done["outputs"]["stats"])) == {"words": 3}


def test_follow_log_yields_only_what_is_new_until_the_end(api):
    text = api.create_text("a b c")
    task = api.create_task("text-stats", {"text": text["id"]})
    chunks = list(api.follow_log(task["id"], poll=0.01))
    assert "".join(chunks) == "line 0\nline 1\nline 2\n"
    assert all(chunks)


def test_new_text_copes_with_a_log_tail_that_scrolled():
    assert _new_text("abc", "abcdef") == "def"
    old = "".join(f"line {i}\n" for i in range(100))
    new = "".join(f"line {i}\n" for i in range(50, 120))
    assert _new_text(old, new) == "".join(f"line {i}\n" for i in range(100, 120))
    assert _new_text("", "x") == "x"


def test_cli_run_uploads_waits_with_a_progress_bar_and_downloads(service, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TASKMILL_URL", service.url)
    monkeypatch.setenv("TASKMILL_API_KEY", KEY)
    source = tmp_path / "words.txt"
    source.write_text("one two three")
    out = tmp_path / "out"
    original = Client.wait
    monkeypatch.setattr(Client, "wait", lambda self, task_id, **kw: original(self, task_id, **{**kw, "poll": 0.01}))
    code = apicli.main(["run", "text-stats", f"text=@{source}", "-p", "top=2", "-p", "lowercase=true",
                        "--wait", "--download", str(out), "--progress", "always"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "SUCCEEDED" in captured.out
    assert "upload words.txt [" in captured.err and "100%" in captured.err
    assert "text-stats" in captured.err and "RUNNING half" in captured.err
    assert json.loads((out / "stats.json").read_text()) == {"words": 3}
    task = next(t for t in service.tasks.values())
    assert task["params"] == {"top": 2, "lowercase": True}


def test_cli_reports_api_errors_and_exits_non_zero(service, capsys):
    code = apicli.main(["--url", service.url, "--key", KEY, "cancel", "0" * 24])
    assert code == apicli.EXIT_ERROR
    assert "409 Conflict: The task has finished." in capsys.readouterr().err
    code = apicli.main(["run", "text-stats", "text", "--url", service.url, "--key", KEY])
    assert code == apicli.EXIT_USAGE
    assert "PORT=ITEM-ID" in capsys.readouterr().err


def test_cli_json_output_and_options_after_the_command(service, capsys):
    code = apicli.main(["modules", "--json", "--url", service.url, "--key", KEY])
    assert code == 0
    assert json.loads(capsys.readouterr().out)[0]["name"] == "text-stats"


def test_progress_bar_is_silent_off_a_terminal():
    stream = io.StringIO()
    bar = apicli.ProgressBar("x", stream=stream)
    bar.bytes(5, 10)
    bar.done()
    assert stream.getvalue() == ""


def test_the_module_protocol_cli_is_unchanged():
    # `python -m taskmill` stays the module protocol; the API CLI has its own entry point.
    env = dict(os.environ, PYTHONPATH=str(RUNTIME_DIR))
    proc = subprocess.run([sys.executable, "-m", "taskmill", "--help"], capture_output=True, text=True, env=env)
    text = proc.stdout + proc.stderr  # protocol CLI: human text goes to stderr
    assert proc.returncode == 0 and "describe" in text and "upload" not in text
    pyproject = (SDK_DIR / "pyproject.toml").read_text()
    assert 'taskmill = "taskmill.apicli:entry_point"' in pyproject


def test_the_wheel_declares_the_taskmill_command(monkeypatch, tmp_path):
    from test_packaging import load_backend

    import zipfile

    backend = load_backend(monkeypatch, SDK_DIR)
    name = backend.build_wheel(str(tmp_path))
    with zipfile.ZipFile(tmp_path / name) as zf:
        entry_points = zf.read("taskmill-0.1.0.dist-info/entry_points.txt").decode()
        assert "taskmill/apicli.py" in zf.namelist() and "taskmill/client.py" in zf.namelist()
    assert entry_points == "[console_scripts]\ntaskmill = taskmill.apicli:entry_point\n"


def test_pip_install_gives_a_working_taskmill_command(service, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    pip = subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "--no-build-isolation", "--no-index",
                          str(SDK_DIR)], capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(TASKMILL_URL=service.url, TASKMILL_API_KEY=KEY)
    proc = subprocess.run([str(venv / "bin/taskmill"), "modules"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[:3] == ["text-stats", "1.0.0", "AVAILABLE"]


def test_cli_module_upload_zips_a_folder_the_same_way_every_time(service, tmp_path, capsys):
    folder = tmp_path / "my-mod"
    (folder / "pkg").mkdir(parents=True)
    (folder / "main.py").write_text("# the module\n")
    (folder / "pkg" / "util.py").write_text("X = 1\n")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "main.cpython-311.pyc").write_bytes(b"cache")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref\n")

    code = apicli.main(["module", "upload", str(folder), "--url", service.url, "--key", KEY])
    assert code == 0, capsys.readouterr().err
    assert capsys.readouterr().out.strip() == "my-mod   DETECTED"
    first = service.sent[-1]
    assert first["entries"] == ["my-mod/main.py", "my-mod/pkg/util.py"]
    assert first["filename"] == "my-mod.zip" and first["type"] == "application/zip"
    assert "name" not in first  # the service takes the zip's top folder

    (folder / "__pycache__" / "main.cpython-311.pyc").write_bytes(b"other cache")
    assert apicli.main(["module", "upload", str(folder), "--name", "other-name",
                        "--url", service.url, "--key", KEY]) == 0
    again = service.sent[-1]
    assert again["sha256"] == first["sha256"], "unchanged files give the same zip"
    assert again["name"] == "other-name"


def test_cli_module_upload_sends_a_zip_as_it_is_and_remove_deletes(service, tmp_path, capsys):
    zipped = tmp_path / "ready.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("main.py", "# module\n")
    assert apicli.main(["module", "upload", str(zipped), "--url", service.url, "--key", KEY]) == 0
    assert service.sent[-1]["sha256"] == hashlib.sha256(zipped.read_bytes()).hexdigest()
    assert apicli.main(["module", "remove", "ready", "--url", service.url, "--key", KEY]) == 0
    assert service.sent[-1] == {"deleted": "ready"}
    assert "ready removed" in capsys.readouterr().out
    assert apicli.main(["module", "upload", str(tmp_path / "nope"), "--url", service.url,
                        "--key", KEY]) == apicli.EXIT_USAGE
    assert "does not exist" in capsys.readouterr().err
