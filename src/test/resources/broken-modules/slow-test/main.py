"""Broken on purpose: a valid module whose self-test (and any run) sleeps 600 s, for time-limit tests."""
import time

from taskmill import Fixture, Input, Kind, Module, Output, SelfTest


class SlowTest(Module):
    name = "slow-test"
    version = "1.0.0"
    description = "Sleeps for ten minutes before answering."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("text", Kind.TEXT)]
    timeout_seconds = 5  # far below the sleep, so a service honouring it must kill the process

    def run(self, ctx):
        ctx.progress(0.0, "sleeping for 600 s")
        time.sleep(600)
        ctx.write_text("text", ctx.inputs["text"].read_text())

    def self_test(self):
        def check_echo(outputs):
            assert outputs["text"].value == "zzz"

        return SelfTest(inputs={"text": Fixture.text("zzz")}, check=check_echo)
