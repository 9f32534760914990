"""tm-cold: opts out of warm workers. Like tm-warm: Reports its pid and how often load() ran; on request
prints a marker to stdout and stderr (also from a child process), sleeps, or crashes its worker."""
import os
import sys
import time

from taskmill import Fixture, Input, Kind, Module, Output, SelfTest

LOADS = []


class Warm(Module):
    name = "tm-cold"
    version = "1.0.0"
    description = "Test module: opts out of warm workers."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("report", Kind.JSON)]
    params = {
        "type": "object",
        "properties": {
            "marker": {"type": "string", "maxLength": 40, "default": ""},
            "sleep": {"type": "number", "minimum": 0, "maximum": 600, "default": 0},
            "crash": {"type": "boolean", "default": False},
        },
        "additionalProperties": False,
    }
    timeout_seconds = 120
    warm = False

    def load(self):
        LOADS.append(time.time())
        print("tm-warm: loading")

    def run(self, ctx):
        p = ctx.params
        if p["marker"]:
            print(f"stdout {p['marker']}")
            os.system(f"echo child {p['marker']} >&2")
            ctx.log.info("log %s", p["marker"])
        if p["crash"]:
            sys.stderr.write("crashing on purpose\n")
            sys.stderr.flush()
            os._exit(3)
        deadline = time.time() + p["sleep"]
        while time.time() < deadline:
            time.sleep(0.05)
        ctx.write_json("report", {"pid": os.getpid(), "loads": len(LOADS),
                                  "text": ctx.inputs["text"].read_text()})

    def self_test(self):
        def check(outputs):
            report = outputs["report"].read_json()
            assert report["loads"] == 1, report
            assert report["pid"] == os.getpid(), "the self-test runs in this worker"

        return SelfTest(inputs={"text": Fixture.text("hi")}, check=check)
