"""`serve` (protocol 2): one process, load() once, many jobs over stdin, each isolated."""
import json
import subprocess
import sys

from conftest import run_taskmill, sdk_env

WARM = '''
import os, sys, time

LOADS = []

class Warm(Module):
    name = "warm"
    version = "1.0.0"
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("report", Kind.JSON)]
    params = {"type": "object", "properties": {"mode": {"type": "string", "default": "ok"}}}

    def load(self):
        LOADS.append(time.time())
        print("loading the model")
        self.model = "loaded"

    def run(self, ctx):
        mode = ctx.params["mode"]
        text = ctx.inputs["text"].read_text()
        print(f"stdout of {text}")
        os.system(f"echo child of {text} >&2")
        ctx.progress(0.5, f"half of {text}")
        seen = {"cwd": os.getcwd(), "leftover": os.environ.get("LEFTOVER"), "stdin": sys.stdin.read()}
        os.environ["LEFTOVER"] = text
        os.chdir("/")
        if mode == "raise":
            raise RuntimeError(f"failed on {text}")
        ctx.write_json("report", {"pid": os.getpid(), "loads": len(LOADS), "model": self.model,
                                  "text": text, **seen})

    def self_test(self):
        return SelfTest(inputs={"text": Fixture.text("self")},
                        check=lambda r: None if r["report"].read_json()["model"] == "loaded" else 1 / 0)
'''


class Worker:
    """A `python -m taskmill serve` process, driven as the service drives it."""

    def __init__(self, folder):
        self.proc = subprocess.Popen([sys.executable, "-m", "taskmill", "serve"], cwd=str(folder),
                                     env=sdk_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, encoding="utf-8")

    def line(self):
        raw = self.proc.stdout.readline()
        assert raw, f"worker ended early; stderr: {self.proc.stderr.read()}"
        return json.loads(raw)

    def send(self, message):
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()

    def until_result(self):
        lines = []
        while True:
            lines.append(self.line())
            if lines[-1]["type"] == "result":
                return lines

    def stop(self):
        self.send({"type": "stop"})
        return self.proc.wait(timeout=30)


def _job(tmp_path, name, text, mode="ok"):
    folder = tmp_path / name
    folder.mkdir()
    job = {"inputs": {"text": {"kind": "TEXT", "value": text}}, "params": {"mode": mode},
           "outputDir": str(folder / "out"), "workDir": str(folder / "work")}
    (folder / "job.json").write_text(json.dumps(job), encoding="utf-8")
    return {"type": "job", "id": name, "job": str(folder / "job.json"), "log": str(folder / "stderr.log")}


def test_one_process_loads_once_and_serves_many_jobs(module_dir, tmp_path):
    folder = module_dir(WARM)
    worker = Worker(folder)
    loaded = worker.line()
    assert loaded["type"] == "loaded" and loaded["ok"] is True and loaded["pid"] == worker.proc.pid
    results = []
    for i in range(3):
        worker.send(_job(tmp_path, f"j{i}", f"text{i}"))
        lines = worker.until_result()
        assert all(m["job"] == f"j{i}" for m in lines), lines
        assert any(m["type"] == "progress" and m["message"] == f"half of text{i}" for m in lines)
        results.append(lines[-1])
    assert worker.stop() == 0
    reports = [r["outputs"]["report"]["value"] for r in results]
    assert [r["loads"] for r in reports] == [1, 1, 1]
    assert {r["pid"] for r in reports} == {worker.proc.pid}
    assert [r["text"] for r in reports] == ["text0", "text1", "text2"]


def test_each_job_starts_clean_and_logs_to_its_own_file(module_dir, tmp_path):
    folder = module_dir(WARM)
    worker = Worker(folder)
    worker.line()
    for i in range(2):
        worker.send(_job(tmp_path, f"j{i}", f"text{i}"))
        worker.until_result()
    worker.stop()
    for i in range(2):
        log = (tmp_path / f"j{i}" / "stderr.log").read_text()
        assert f"stdout of text{i}" in log and f"child of text{i}" in log
        other = 1 - i
        assert f"text{other}" not in log, f"job j{i}'s log holds a line of j{other}: {log!r}"
    # The worker's own output before the first job (load()'s print) is in no job's log.
    assert "loading the model" not in (tmp_path / "j0" / "stderr.log").read_text()
    assert "loading the model" in worker.proc.stderr.read()


def test_cwd_environment_and_stdin_are_reset_between_jobs(module_dir, tmp_path):
    folder = module_dir(WARM)
    worker = Worker(folder)
    worker.line()
    values = []
    for i in range(2):
        worker.send(_job(tmp_path, f"j{i}", f"text{i}"))
        values.append(worker.until_result()[-1]["outputs"]["report"]["value"])
    worker.stop()
    assert [v["cwd"] for v in values] == [str(folder), str(folder)]
    assert [v["leftover"] for v in values] == [None, None]  # job 0 set LEFTOVER; job 1 does not see it
    assert [v["stdin"] for v in values] == ["", ""]  # a module reading stdin gets nothing, steals nothing


def test_a_failed_job_leaves_the_worker_serving(module_dir, tmp_path):
    folder = module_dir(WARM)
    worker = Worker(folder)
    worker.line()
    worker.send(_job(tmp_path, "bad", "x", mode="raise"))
    failed = worker.until_result()[-1]
    worker.send(_job(tmp_path, "good", "y"))
    good = worker.until_result()[-1]
    assert worker.stop() == 0
    assert failed["ok"] is False and failed["error"] == "RuntimeError: failed on x" and failed["job"] == "bad"
    assert good["ok"] is True and good["outputs"]["report"]["value"]["loads"] == 1


def test_a_bad_job_file_is_that_jobs_error(module_dir, tmp_path):
    worker = Worker(module_dir(WARM))
    worker.line()
    worker.send({"type": "job", "id": "j", "job": str(tmp_path / "missing.json")})
    result = worker.until_result()[-1]
    worker.send({"type": "nonsense"})
    worker.send(_job(tmp_path, "after", "z"))
    lines = worker.until_result()
    assert worker.stop() == 0
    assert result["ok"] is False and "cannot read job file" in result["error"] and result["job"] == "j"
    assert any(m["type"] == "log" and "unknown request" in m["message"] for m in lines)
    assert lines[-1]["ok"] is True


def test_self_test_runs_on_the_loaded_module(module_dir, tmp_path):
    worker = Worker(module_dir(WARM))
    worker.line()
    worker.send({"type": "test", "id": "t", "workDir": str(tmp_path / "selftest")})
    result = worker.until_result()[-1]
    assert worker.stop() == 0
    assert result["ok"] is True, result
    assert result["checks"] == [{"name": "check", "ok": True, "message": ""}]


def test_load_failure_is_reported_and_ends_the_worker(module_dir, tmp_path):
    folder = module_dir('''
        class Broken(Module):
            name = "broken"
            version = "1.0.0"
            outputs = [Output("o", Kind.TEXT)]

            def load(self):
                raise OSError("model file missing")

            def run(self, ctx):
                ctx.write_text("o", "never")
    ''')
    worker = Worker(folder)
    loaded = worker.line()
    assert worker.proc.wait(timeout=30) == 1
    assert loaded == {**loaded, "type": "loaded", "ok": False, "error": "load() failed: OSError: model file missing"}


def test_end_of_stdin_ends_the_worker(module_dir):
    worker = Worker(module_dir(WARM))
    worker.line()
    worker.proc.stdin.close()
    assert worker.proc.wait(timeout=30) == 0


def test_cold_run_calls_load_once_before_run(module_dir, job):
    path, out = job({"text": {"kind": "TEXT", "value": "cold"}})
    outcome = run_taskmill(module_dir(WARM), "run", "--job", path)
    assert outcome.code == 0, outcome.stderr
    report = outcome.result["outputs"]["report"]["value"]
    assert report["loads"] == 1 and report["model"] == "loaded"
