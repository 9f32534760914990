"""tm-echo: a test module for the task runtime. Echoes text, and on request fails, sleeps,
fails its first N runs (counted in a file), or writes its pid so a test can check it was killed."""
import os
import time
from pathlib import Path

from taskmill import Fixture, Input, Kind, Module, Output, SelfTest


class Echo(Module):
    name = "tm-echo"
    version = "1.0.0"
    description = "Test module: echoes its text input with a suffix."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("echo", Kind.TEXT, media_type="text/plain"),
               Output("file", Kind.FILE, media_type="text/plain")]
    params = {
        "type": "object",
        "properties": {
            "suffix": {"type": "string", "maxLength": 20, "default": ""},
            "fail": {"type": "boolean", "default": False},
            "sleep": {"type": "number", "minimum": 0, "maximum": 600, "default": 0},
            "failFirst": {"type": "integer", "minimum": 0, "default": 0},
            "counterFile": {"type": "string"},
            "pidFile": {"type": "string"},
        },
        "additionalProperties": False,
    }
    timeout_seconds = 120

    def run(self, ctx):
        p = ctx.params
        if p.get("pidFile"):
            # Written whole, then renamed: a test waiting for the file never reads it empty.
            pid_file = Path(p["pidFile"])
            partial = pid_file.with_name(pid_file.name + ".partial")
            partial.write_text(str(os.getpid()))
            os.replace(partial, pid_file)
        # Sleep first, so a test can chain tasks onto this one before it fails.
        steps = 10
        for i in range(steps):
            if p["sleep"]:
                time.sleep(p["sleep"] / steps)
            ctx.progress((i + 1) / steps, f"step {i + 1} of {steps}")
        if p.get("counterFile"):
            counter = Path(p["counterFile"])
            runs = int(counter.read_text()) + 1 if counter.exists() else 1
            counter.write_text(str(runs))
            if runs <= p["failFirst"]:
                raise RuntimeError(f"failing on purpose, run {runs} of the first {p['failFirst']}")
        if p["fail"]:
            raise ValueError("asked to fail")
        text = ctx.inputs["text"].read_text() + p["suffix"]
        ctx.log.info("echoing %d characters", len(text))
        ctx.write_text("echo", text)
        ctx.output_path("file", "echo.txt").write_text(text)

    def self_test(self):
        def check(outputs):
            assert outputs["echo"].read_text() == "hi!", outputs["echo"].read_text()
            assert outputs["file"].read_text() == "hi!"

        return SelfTest(inputs={"text": Fixture.text("hi")}, params={"suffix": "!"}, check=check)
