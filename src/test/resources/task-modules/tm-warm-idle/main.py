"""tm-warm-idle: a worker idle for 2 s is stopped (WarmWorkersTest). Reports the pid that ran the task and how often load() ran
in that process; tm-warm is the full test module."""
import os

from taskmill import Fixture, Input, Kind, Module, Output, SelfTest

LOADS = []


class WarmIdle(Module):
    name = "tm-warm-idle"
    version = "1.0.0"
    description = "Test module: a worker idle for 2 s is stopped."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("report", Kind.JSON)]
    worker_idle_seconds = 2

    def load(self):
        LOADS.append(os.getpid())

    def run(self, ctx):
        ctx.write_json("report", {"pid": os.getpid(), "loads": len(LOADS)})

    def self_test(self):
        return SelfTest(inputs={"text": Fixture.text("hi")})
