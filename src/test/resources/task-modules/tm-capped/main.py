"""tm-capped: declares max_concurrent = 2 (the tests' config lowers it to 1: the lower holds), for
FairnessTest. A run waits until its gate file exists, then appends its start and end times to its
runs file, so a test reads from the module itself how many runs overlapped."""
import time
from pathlib import Path

from taskmill import Fixture, Input, Kind, Module, Output, SelfTest


class Capped(Module):
    name = "tm-capped"
    version = "1.0.0"
    description = "Test module: at most a few at once; waits for a gate file, records its run."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("echo", Kind.TEXT, media_type="text/plain")]
    params = {
        "type": "object",
        "properties": {
            "gate": {"type": "string"},
            "runsFile": {"type": "string"},
        },
        "additionalProperties": False,
    }
    timeout_seconds = 120
    max_concurrent = 2

    def run(self, ctx):
        started = time.time()
        gate = ctx.params.get("gate")
        if gate:
            deadline = started + 100
            while not Path(gate).exists() and time.time() < deadline:
                time.sleep(0.05)
        text = ctx.inputs["text"].read_text()
        ctx.write_text("echo", text)
        if ctx.params.get("runsFile"):
            # One short append per run: whole lines, whatever else appends at the same time.
            with open(ctx.params["runsFile"], "a") as runs:
                runs.write(f"{started:.6f} {time.time():.6f}\n")

    def self_test(self):
        return SelfTest(inputs={"text": Fixture.text("hi")})
