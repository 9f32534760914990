import json

from conftest import run_taskmill

MODULE = '''
import os, sys

class Probe(Module):
    name = "probe"
    version = "1.0.0"
    inputs = [Input("text", Kind.TEXT), Input("data", Kind.JSON, optional=True),
              Input("file", Kind.FILE, optional=True)]
    outputs = [Output("echo", Kind.TEXT), Output("report", Kind.JSON), Output("copy", Kind.FILE, optional=True)]
    params = {"type": "object", "properties": {
        "mode": {"type": "string", "default": "ok"},
        "times": {"type": "integer", "default": 2},
        "nested": {"type": "object", "default": {"a": [1]}}}}

    def run(self, ctx):
        mode = ctx.params["mode"]
        print("print from run")
        sys.stdout.write("raw write\\n")
        os.system("echo from-child")
        ctx.progress(0.5, "half")
        ctx.progress(7, "too much")
        ctx.progress(-1)
        ctx.log.info("info %s", 1)
        ctx.log.warning("careful")
        ctx.log.debug("hidden")
        if mode == "raise":
            raise ValueError("bad input here")
        if mode == "exit":
            sys.exit(3)
        data, f = ctx.inputs.get("data"), ctx.inputs.get("file")
        ctx.write_text("echo", ctx.inputs["text"].read_text() * ctx.params["times"])
        if mode == "no-report":
            return
        if mode == "nan":
            ctx.write_json("report", float("nan"))
        ctx.write_json("report", {
            "params": ctx.params, "workDirExists": ctx.work_dir.is_dir(),
            "text": {"value": ctx.inputs["text"].value, "mt": ctx.inputs["text"].media_type,
                     "kind": ctx.inputs["text"].kind.value,
                     "path": ctx.inputs["text"].path and ctx.inputs["text"].path.name},
            "data": data and {"json": data.read_json(), "text": data.read_text(), "mt": data.media_type},
            "file": f and {"bytes": f.read_bytes().hex(), "mt": f.media_type, "kind": f.kind.value},
        })
        if f is not None:
            p = ctx.output_path("copy", "copy.bin")
            if mode != "forget-file":
                p.write_bytes(f.read_bytes())
'''


def _run(module_dir, job, inputs=None, params=None):
    folder = module_dir(MODULE)
    path, out = job(inputs or {"text": {"kind": "TEXT", "mediaType": "text/plain", "value": "hi"}}, params)
    return run_taskmill(folder, "run", "--job", path), out


def test_success_with_inline_and_file_inputs(module_dir, job, tmp_path):
    blob = tmp_path / "in.bin"
    blob.write_bytes(b"\x00\x01")
    outcome, out_dir = _run(module_dir, job, {
        "text": {"kind": "TEXT", "mediaType": "text/plain", "value": "hi"},
        "data": {"kind": "JSON", "mediaType": "application/json", "value": "just a JSON string"},
        "file": {"kind": "FILE", "path": str(blob)},
    }, {"times": 3})
    assert outcome.code == 0, outcome.stderr
    result = outcome.result
    assert result["ok"] is True
    assert result["outputs"]["echo"] == {"value": "hihihi", "mediaType": "text/plain"}
    report = result["outputs"]["report"]
    assert report["mediaType"] == "application/json"
    r = report["value"]
    assert r["params"] == {"mode": "ok", "times": 3, "nested": {"a": [1]}}  # defaults filled, given kept
    assert r["workDirExists"] is True
    assert r["text"] == {"value": "hi", "mt": "text/plain", "kind": "TEXT", "path": None}
    assert r["data"] == {"json": "just a JSON string", "text": '"just a JSON string"', "mt": "application/json"}
    assert r["file"] == {"bytes": "0001", "mt": "application/octet-stream", "kind": "FILE"}
    copy = result["outputs"]["copy"]
    assert copy == {"path": str(out_dir / "copy.bin"), "mediaType": "application/octet-stream"}
    assert (out_dir / "copy.bin").read_bytes() == b"\x00\x01"


def test_a_file_port_takes_an_item_of_any_kind_and_keeps_its_kind(module_dir, job, tmp_path):
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x01")
    outcome, _ = _run(module_dir, job, {
        "text": {"kind": "TEXT", "value": "hi"},
        "file": {"kind": "VIDEO", "mediaType": "video/mp4", "path": str(clip)},
    })
    assert outcome.code == 0, outcome.stderr
    assert outcome.result["outputs"]["report"]["value"]["file"] == {
        "bytes": "0001", "mt": "video/mp4", "kind": "VIDEO"}


def test_prints_and_child_processes_do_not_corrupt_stdout(module_dir, job):
    outcome, _ = _run(module_dir, job)
    assert outcome.code == 0
    for text in ("print from run", "raw write", "from-child"):
        assert text in outcome.stderr and text not in outcome.stdout


def test_progress_is_clamped_and_logs_are_lines(module_dir, job):
    outcome, _ = _run(module_dir, job)
    assert outcome.of_type("progress") == [
        {"type": "progress", "fraction": 0.5, "message": "half"},
        {"type": "progress", "fraction": 1.0, "message": "too much"},
        {"type": "progress", "fraction": 0.0, "message": ""},
    ]
    assert outcome.of_type("log") == [
        {"type": "log", "level": "INFO", "message": "info 1"},
        {"type": "log", "level": "WARNING", "message": "careful"},
    ]


def test_exception_is_reported(module_dir, job):
    outcome, _ = _run(module_dir, job, params={"mode": "raise"})
    assert outcome.code == 1
    assert outcome.result["ok"] is False
    assert outcome.result["error"] == "ValueError: bad input here"
    assert 'raise ValueError("bad input here")' in outcome.result["traceback"]


def test_sys_exit_in_module_is_a_failure(module_dir, job):
    outcome, _ = _run(module_dir, job, params={"mode": "exit"})
    assert outcome.code == 1
    assert outcome.result["error"] == "SystemExit: module called sys.exit(3)"


def test_nan_in_json_output_fails_in_module(module_dir, job):
    outcome, _ = _run(module_dir, job, params={"mode": "nan"})
    assert outcome.code == 1 and outcome.result["error"].startswith("ValueError: Out of range float")


def test_missing_required_output(module_dir, job):
    outcome, _ = _run(module_dir, job, params={"mode": "no-report"})
    assert outcome.code == 1
    assert outcome.result["ok"] is False
    assert outcome.result["error"] == "required output 'report' was not produced"


def test_registered_file_not_written(module_dir, job, tmp_path):
    blob = tmp_path / "in.bin"
    blob.write_bytes(b"x")
    outcome, _ = _run(module_dir, job, {"text": {"value": "a"}, "file": {"path": str(blob)}},
                      {"mode": "forget-file"})
    assert outcome.code == 1
    assert "output 'copy' was registered at" in outcome.result["error"]


def test_job_contract_errors(module_dir, job, tmp_path):
    cases = [
        ({"text": {"value": "a"}, "nope": {"value": "b"}}, "job gives input 'nope'"),
        ({}, "missing the required input 'text'"),
        ({"text": {"kind": "IMAGE", "value": "a"}}, "declared as TEXT"),
        ({"text": {"value": 5}}, "inline value must be a string"),
        ({"text": {"value": "a"}, "file": {"value": "x"}}, "must be given as a file path"),
        ({"text": {"path": str(tmp_path / "missing.txt")}}, "file not found"),
        ({"text": {}}, "exactly one of 'path' or 'value'"),
    ]
    folder = module_dir(MODULE)
    for inputs, expected in cases:
        path, _ = job(inputs)
        outcome = run_taskmill(folder, "run", "--job", path)
        assert outcome.code == 2, inputs
        assert expected in outcome.result["error"], outcome.result["error"]


def test_bad_job_files(module_dir, tmp_path):
    folder = module_dir(MODULE)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    outcome = run_taskmill(folder, "run", "--job", str(bad))
    assert outcome.code == 2 and "not valid JSON" in outcome.result["error"]
    outcome = run_taskmill(folder, "run", "--job", str(tmp_path / "absent.json"))
    assert outcome.code == 2 and "cannot read job file" in outcome.result["error"]
    bad.write_text(json.dumps({"inputs": {"text": {"value": "a"}}}), encoding="utf-8")
    outcome = run_taskmill(folder, "run", "--job", str(bad))
    assert outcome.code == 2 and "outputDir" in outcome.result["error"]


def test_text_input_from_file_and_missing_work_dir(module_dir, tmp_path):
    folder = module_dir(MODULE)
    src = tmp_path / "in.txt"
    src.write_text("héllo", encoding="utf-8")
    path = tmp_path / "job.json"
    path.write_text(json.dumps({"inputs": {"text": {"path": str(src)}}, "outputDir": str(tmp_path / "o")}))
    outcome = run_taskmill(folder, "run", "--job", str(path))
    assert outcome.code == 0, outcome.stdout
    assert outcome.result["outputs"]["echo"]["value"] == "héllohéllo"
    assert outcome.result["outputs"]["report"]["value"]["text"]["mt"] == "text/plain"
    assert outcome.result["outputs"]["report"]["value"]["text"]["path"] == "in.txt"
