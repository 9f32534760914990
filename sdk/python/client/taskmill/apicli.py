"""``taskmill``: the command line for day-to-day work with a Taskmill service.

    taskmill upload photo.jpg --tag holiday
    taskmill run image-resize image=@photo.jpg -p width=320 --wait --download out/
    taskmill pipeline steps.json --wait
    taskmill status <task-id>            taskmill log <task-id> --follow
    taskmill download <item-id> -o x     taskmill cancel|retry <task-id>
    taskmill modules [name]              taskmill detect --wait

The service and key come from ``--url``/``--key`` or ``TASKMILL_URL``/``TASKMILL_API_KEY``.
(``python -m taskmill`` is something else: the module protocol a module process speaks.)
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, TextIO

from .client import TERMINAL_TASK_STATES, ApiError, Client

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_ERROR = 0, 1, 2, 3


class ProgressBar:
    """A one-line progress bar on stderr, drawn only on a terminal (or when forced)."""

    def __init__(self, label: str, stream: Optional[TextIO] = None, enabled: Optional[bool] = None,
                 width: int = 30):
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.width = width
        self.start = time.monotonic()
        self._last = 0.0
        self.lines: List[str] = []

    def bytes(self, done: int, total: Optional[int]) -> None:
        rate = done / max(time.monotonic() - self.start, 1e-6)
        if total:
            self._draw(done / total, f"{_size(done)}/{_size(total)} {_size(rate)}/s", done >= total, True)
        else:
            self._draw(None, f"{_size(done)} {_size(rate)}/s", False, True)

    def fraction(self, fraction: Optional[float], text: str = "", final: bool = False) -> None:
        """A task's or pipeline's state (each poll is drawn)."""
        self._draw(fraction, text, final, False)

    def _draw(self, fraction: Optional[float], text: str, final: bool, throttle: bool) -> None:
        now = time.monotonic()
        # Byte counts arrive per 1 MiB chunk: redraw at most 10 times a second.
        if not self.enabled or (throttle and not final and now - self._last < 0.1):
            return
        self._last = now
        if fraction is None:
            bar = "." * self.width
            pct = "   ?"
        else:
            fraction = min(max(fraction, 0.0), 1.0)
            filled = int(round(fraction * self.width))
            bar = "#" * filled + "." * (self.width - filled)
            pct = f"{fraction * 100:3.0f}%"
        line = f"{self.label} [{bar}] {pct} {text}"
        self.lines.append(line)
        self.stream.write("\r" + line[:160].ljust(80))
        self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def _size(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


def _parser() -> argparse.ArgumentParser:
    # The global options work before and after the command; SUPPRESS keeps a value given before
    # the command from being reset by the subcommand's parser.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--url", default=argparse.SUPPRESS,
                        help="service URL (default: $TASKMILL_URL or http://127.0.0.1:8080)")
    common.add_argument("--key", default=argparse.SUPPRESS, help="API key (default: $TASKMILL_API_KEY)")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print the API's JSON instead of a summary")
    common.add_argument("--progress", choices=("auto", "always", "never"), default=argparse.SUPPRESS,
                        help="progress bars on stderr (default auto: on a terminal)")
    p = argparse.ArgumentParser(prog="taskmill", description="Work with a Taskmill service.",
                                parents=[common])
    sub = p.add_subparsers(dest="command", metavar="command")
    sub.required = True
    _add = sub.add_parser

    def add_parser(name, **kwargs):
        return _add(name, parents=[common], **kwargs)

    sub.add_parser = add_parser

    up = sub.add_parser("upload", help="upload files; prints each new item id")
    up.add_argument("files", nargs="+", type=Path)
    up.add_argument("--label", help="label (one file only; default: the file name)")
    up.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    up.add_argument("--metadata", help="a JSON object")

    run = sub.add_parser("run", help="run a module: taskmill run MODULE PORT=ITEM-ID|PORT=@FILE ...")
    run.add_argument("module")
    run.add_argument("inputs", nargs="*", metavar="PORT=ID|PORT=@FILE")
    run.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                     help="a param; the value is read as JSON when it parses (10, true, \"x\"), else text")
    run.add_argument("--params", help="all params as a JSON object")
    run.add_argument("--label")
    run.add_argument("--priority", type=int)
    run.add_argument("--max-attempts", type=int)
    run.add_argument("--timeout", type=int, help="seconds")
    run.add_argument("--delay", type=int, help="seconds")
    run.add_argument("--wait", action="store_true", help="wait for the task, with a progress bar")
    run.add_argument("--download", type=Path, metavar="DIR", help="after --wait, save every output here")

    pipe = sub.add_parser("pipeline", help="create a pipeline from a JSON file {label, steps: [...]}")
    pipe.add_argument("file", type=Path)
    pipe.add_argument("--wait", action="store_true")

    st = sub.add_parser("status", help="a task (or --pipeline) and its outputs")
    st.add_argument("id")
    st.add_argument("--pipeline", action="store_true")

    ls = sub.add_parser("tasks", help="list tasks")
    ls.add_argument("--status")
    ls.add_argument("--module")
    ls.add_argument("--size", type=int, default=20)

    items = sub.add_parser("items", help="list data items")
    items.add_argument("--label")
    items.add_argument("--tag")
    items.add_argument("--size", type=int, default=20)

    log = sub.add_parser("log", help="a task's log")
    log.add_argument("id")
    log.add_argument("-f", "--follow", action="store_true", help="keep printing until the task ends")

    dl = sub.add_parser("download", help="download an item's content")
    dl.add_argument("id")
    dl.add_argument("-o", "--output", type=Path, default=Path("."), help="file or directory (default: .)")

    for name, text in (("cancel", "cancel a task"), ("retry", "run a FAILED/CANCELLED task again")):
        c = sub.add_parser(name, help=text)
        c.add_argument("id")

    mods = sub.add_parser("modules", help="list modules, or show one")
    mods.add_argument("name", nargs="?")
    mod = sub.add_parser("module", help="upload a module (a folder or .zip) or remove one (admins)")
    mod.add_argument("action", choices=("upload", "remove"))
    mod.add_argument("target", metavar="FOLDER|ZIP|NAME",
                     help="upload: a module folder (zipped here) or a .zip; remove: the module's name")
    mod.add_argument("--name", help="upload: the module's name (default: the folder or zip name)")
    mod.add_argument("--wait", action="store_true",
                     help="upload: wait until the module is set up (AVAILABLE or FAILED)")
    det = sub.add_parser("detect", help="scan the modules folder again")
    det.add_argument("--wait", action="store_true", help="wait until the pass has finished")
    sub.add_parser("dashboard", help="counts, running and recent tasks")
    return p


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    for name, default in (("url", None), ("key", None), ("json", False), ("progress", "auto")):
        if not hasattr(args, name):
            setattr(args, name, default)
    try:
        api = Client(args.url, args.key)
    except ValueError as e:
        print(f"taskmill: {e}", file=sys.stderr)
        return EXIT_USAGE
    bars = {"auto": None, "always": True, "never": False}[args.progress]
    try:
        return COMMANDS[args.command](api, args, bars)
    except ApiError as e:
        print(f"taskmill: {e}", file=sys.stderr)
        return EXIT_ERROR
    except (OSError, ValueError, TimeoutError) as e:
        print(f"taskmill: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _print(args, value: Any, summary: str) -> None:
    print(json.dumps(value, indent=2) if args.json else summary)


def _upload(api: Client, path: Path, args, bars, label=None, tags=(), metadata=None) -> dict:
    bar = ProgressBar(f"upload {path.name}", enabled=bars)
    item = api.upload(path, label=label, tags=tags, metadata=metadata, progress=bar.bytes)
    bar.done()
    return item


def cmd_upload(api: Client, args, bars) -> int:
    if args.label and len(args.files) > 1:
        raise ValueError("--label needs a single file")
    metadata = json.loads(args.metadata) if args.metadata else None
    for path in args.files:
        item = _upload(api, path, args, bars, args.label, args.tag, metadata)
        _print(args, item, f"{item['id']}  {item['kind']:5}  {item.get('mediaType')}  {item.get('size')} B  {item['label']}")
    return EXIT_OK


def _param_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def cmd_run(api: Client, args, bars) -> int:
    inputs: Dict[str, str] = {}
    for spec in args.inputs:
        port, sep, value = spec.partition("=")
        if not sep or not port or not value:
            raise ValueError(f"an input is PORT=ITEM-ID or PORT=@FILE, not {spec!r}")
        if value.startswith("@"):
            value = _upload(api, Path(value[1:]), args, bars)["id"]
        inputs[port] = value
    params: Dict[str, Any] = json.loads(args.params) if args.params else {}
    for spec in args.param:
        name, sep, value = spec.partition("=")
        if not sep:
            raise ValueError(f"a param is NAME=VALUE, not {spec!r}")
        params[name] = _param_value(value)
    task = api.create_task(args.module, inputs, params, label=args.label, priority=args.priority,
                           max_attempts=args.max_attempts, timeout_seconds=args.timeout,
                           delay_seconds=args.delay)
    if not args.wait:
        _print(args, task, f"{task['id']}  {task['status']}  outputs: {_ports(task.get('outputs'))}")
        return EXIT_OK
    task = _wait_task(api, task, bars)
    outputs = task.get("outputs") or {}
    if args.download and task["status"] == "SUCCEEDED":
        args.download.mkdir(parents=True, exist_ok=True)
        for port, item_id in outputs.items():
            item = api.data(item_id)
            target = args.download / _output_name(port, item)
            bar = ProgressBar(f"download {port}", enabled=bars)
            api.download(item_id, target, progress=bar.bytes)
            bar.done()
            print(f"{port}: {target}", file=sys.stderr)
    _print(args, task, _task_summary(task))
    return EXIT_OK if task["status"] == "SUCCEEDED" else EXIT_FAILED


def _wait_task(api: Client, task: dict, bars) -> dict:
    bar = ProgressBar(f"{task['module']} {task['id'][-6:]}", enabled=bars)

    def update(t: dict) -> None:
        progress = t.get("progress") or {}
        fraction = progress.get("fraction")
        if t["status"] == "SUCCEEDED":
            fraction = 1.0
        bar.fraction(fraction if t["status"] in ("RUNNING", "SUCCEEDED") else 0.0,
                     f"{t['status']} {progress.get('message') or ''}".strip(),
                     t["status"] in TERMINAL_TASK_STATES)

    done = api.wait(task["id"], on_update=update)
    bar.done()
    return done


def _output_name(port: str, item: dict) -> str:
    label = item.get("label") or port
    suffix = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp", "application/json": ".json",
              "text/plain": ".txt"}.get((item.get("mediaType") or "").split(";")[0], "")
    name = "".join(c if c.isalnum() or c in "._-" else "_" for c in label)
    return name if not suffix or name.endswith(suffix) else name + suffix


def _ports(outputs: Optional[dict]) -> str:
    return ", ".join(f"{k}={v}" for k, v in (outputs or {}).items()) or "-"


def _task_summary(t: dict) -> str:
    lines = [f"{t['id']}  {t['module']}  {t['status']}"]
    if t.get("progress"):
        lines.append(f"  progress: {t['progress'].get('fraction', 0) * 100:.0f}% {t['progress'].get('message') or ''}")
    lines.append(f"  inputs:  {_ports(t.get('inputs'))}")
    lines.append(f"  outputs: {_ports(t.get('outputs'))}")
    if t.get("error"):
        lines.append(f"  error:   {t['error'].get('message')}")
    if t.get("failedBecause"):
        lines.append(f"  failed because of task {t['failedBecause']}")
    return "\n".join(lines)


def cmd_pipeline(api: Client, args, bars) -> int:
    spec = json.loads(args.file.read_text(encoding="utf-8"))
    if isinstance(spec, list):
        spec = {"steps": spec}
    pipeline = api.create_pipeline(spec.get("steps") or [], label=spec.get("label"))
    if args.wait:
        bar = ProgressBar(f"pipeline {pipeline['id'][-6:]}", enabled=bars)

        def update(p: dict) -> None:
            steps = p.get("steps") or []
            finished = sum(1 for s in steps if s.get("status") in TERMINAL_TASK_STATES)
            running = [s["name"] for s in steps if s.get("status") == "RUNNING"]
            bar.fraction(finished / len(steps) if steps else None,
                         f"{finished}/{len(steps)} steps {p['status']} {' '.join(running)}".strip(),
                         p["status"] != "ACTIVE")

        pipeline = api.wait_pipeline(pipeline["id"], on_update=update)
        bar.done()
    _print(args, pipeline, _pipeline_summary(pipeline))
    return EXIT_OK if pipeline["status"] in ("ACTIVE", "SUCCEEDED") else EXIT_FAILED


def _pipeline_summary(p: dict) -> str:
    lines = [f"{p['id']}  {p.get('label') or ''}  {p['status']}"]
    for s in p.get("steps") or []:
        outputs = ", ".join(f"{k}={v.get('id')}" for k, v in (s.get("outputs") or {}).items())
        lines.append(f"  {s['name']:<16} {s.get('module', ''):<16} {s.get('status', ''):<10} {outputs}")
    return "\n".join(lines)


def cmd_status(api: Client, args, bars) -> int:
    if args.pipeline:
        p = api.pipeline(args.id)
        _print(args, p, _pipeline_summary(p))
    else:
        t = api.task(args.id)
        _print(args, t, _task_summary(t))
    return EXIT_OK


def cmd_tasks(api: Client, args, bars) -> int:
    page = api.list_tasks(status=args.status, module=args.module, size=args.size)
    _print(args, page, "\n".join(
        [f"{t['id']}  {t['module']:<16} {t['status']:<10} {t.get('label') or ''}" for t in page["items"]]
        + [f"({len(page['items'])} of {page['total']})"]))
    return EXIT_OK


def cmd_items(api: Client, args, bars) -> int:
    page = api.list_data(label=args.label, tag=args.tag, size=args.size)
    _print(args, page, "\n".join(
        [f"{d['id']}  {d['kind']:5} {d['status']:<9} {d.get('size') or 0:>10} B  {d['label']}" for d in page["items"]]
        + [f"({len(page['items'])} of {page['total']})"]))
    return EXIT_OK


def cmd_log(api: Client, args, bars) -> int:
    if args.follow:
        for text in api.follow_log(args.id):
            sys.stdout.write(text)
            sys.stdout.flush()
    else:
        sys.stdout.write(api.task_log(args.id))
    return EXIT_OK


def cmd_download(api: Client, args, bars) -> int:
    bar = ProgressBar(f"download {args.id[-6:]}", enabled=bars)
    path = api.download(args.id, args.output, progress=bar.bytes)
    bar.done()
    print(path)
    return EXIT_OK


def cmd_cancel(api: Client, args, bars) -> int:
    t = api.cancel(args.id)
    _print(args, t, _task_summary(t))
    return EXIT_OK


def cmd_retry(api: Client, args, bars) -> int:
    t = api.retry(args.id)
    _print(args, t, _task_summary(t))
    return EXIT_OK


def cmd_modules(api: Client, args, bars) -> int:
    if args.name:
        m = api.module(args.name)
        ports = lambda ps: ", ".join(f"{p['name']}:{p['kind']}" for p in ps or [])  # noqa: E731
        _print(args, m, "\n".join([
            f"{m['name']} {m.get('version') or ''}  {m['status']}" + (f"  ({m['reason']})" if m.get("reason") else ""),
            f"  {m.get('description') or ''}",
            f"  inputs:  {ports(m.get('inputs'))}",
            f"  outputs: {ports(m.get('outputs'))}",
            f"  params:  {json.dumps((m.get('params') or {}).get('properties', {}))}"]))
    else:
        mods = api.modules()
        _print(args, mods, "\n".join(
            f"{m['name']:<20} {m.get('version') or '':<8} {m['status']:<10} {m.get('reason') or ''}" for m in mods)
            or "(no modules)")
    return EXIT_OK


def cmd_module(api: Client, args, bars) -> int:
    if args.action == "remove":
        api.delete_module(args.target)
        _print(args, {"name": args.target, "removed": True}, f"{args.target} removed")
        return EXIT_OK
    path = Path(args.target)
    if not path.exists():
        raise ValueError(f"{path} does not exist: give a module folder or a .zip")
    bar = ProgressBar(f"upload {path.name}", enabled=bars)
    m = api.upload_module(path, name=args.name, progress=bar.bytes)
    bar.done()
    while args.wait and m["status"] not in ("AVAILABLE", "FAILED", "DISABLED"):
        time.sleep(0.5)
        m = api.module(m["name"])
    _print(args, m, f"{m['name']} {m.get('version') or ''}  {m['status']}"
           + (f"  ({m['reason']})" if m.get("reason") else ""))
    return EXIT_OK if m["status"] != "FAILED" else EXIT_ERROR


def cmd_detect(api: Client, args, bars) -> int:
    run = api.detect()
    while args.wait and run.get("state") != "FINISHED":
        time.sleep(0.5)
        run = api.detection()
    _print(args, run, f"detection {run.get('id')}: {run.get('state')} {json.dumps(run.get('counts') or {})}")
    return EXIT_OK


def cmd_dashboard(api: Client, args, bars) -> int:
    d = api.dashboard()
    counts = d.get("counts") or {}
    lines = [f"tasks:   {json.dumps(counts.get('tasks') or {})}",
             f"data:    {json.dumps(counts.get('data') or {})}",
             f"modules: {json.dumps(counts.get('modules') or {})}"]
    for t in d.get("active") or []:
        lines.append(f"running  {t['id']}  {t['module']}  {(t.get('progress') or {}).get('fraction', 0) * 100:.0f}%")
    for t in (d.get("failures") or [])[:5]:
        lines.append(f"failed   {t['id']}  {t['module']}  {(t.get('error') or {}).get('message') or ''}")
    _print(args, d, "\n".join(lines))
    return EXIT_OK


COMMANDS = {
    "upload": cmd_upload, "run": cmd_run, "pipeline": cmd_pipeline, "status": cmd_status,
    "tasks": cmd_tasks, "items": cmd_items, "log": cmd_log, "download": cmd_download,
    "cancel": cmd_cancel, "retry": cmd_retry, "modules": cmd_modules, "module": cmd_module, "detect": cmd_detect,
    "dashboard": cmd_dashboard,
}


def entry_point() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
