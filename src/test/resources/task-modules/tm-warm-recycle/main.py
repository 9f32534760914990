"""tm-warm-recycle: a worker is recycled after 2 tasks (WarmWorkersTest). Reports the pid that ran the task and how often load() ran
in that process; tm-warm is the full test module."""
import os

from taskmill import Fixture, Input, Kind, Module, Output, SelfTest

LOADS = []


class WarmRecycle(Module):
    name = "tm-warm-recycle"
    version = "1.0.0"
    description = "Test module: a worker is recycled after 2 tasks."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("report", Kind.JSON)]
    max_tasks_per_worker = 2

    def load(self):
        LOADS.append(os.getpid())

    def run(self, ctx):
        ctx.write_json("report", {"pid": os.getpid(), "loads": len(LOADS)})

    def self_test(self):
        return SelfTest(inputs={"text": Fixture.text("hi")})
