"""tm-cold: opts out of warm workers, a fresh process per task (WarmWorkersTest). Reports the pid that ran the task and how often load() ran
in that process; tm-warm is the full test module."""
import os

from taskmill import Fixture, Input, Kind, Module, Output, SelfTest

LOADS = []


class Cold(Module):
    name = "tm-cold"
    version = "1.0.0"
    description = "Test module: opts out of warm workers, a fresh process per task."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("report", Kind.JSON)]
    warm = False

    def load(self):
        LOADS.append(os.getpid())

    def run(self, ctx):
        ctx.write_json("report", {"pid": os.getpid(), "loads": len(LOADS)})

    def self_test(self):
        return SelfTest(inputs={"text": Fixture.text("hi")})
