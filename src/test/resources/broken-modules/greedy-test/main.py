"""Broken on purpose: a valid module whose run (hence its self-test) holds far more memory than
the 64 MB it declares, so the service must stop it and say so."""
import time

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest


class GreedyTest(Module):
    name = "greedy-test"
    version = "1.0.0"
    description = "Holds 300 MB while declaring 64 MB."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("count", Kind.JSON)]
    resources = Resources(memory_mb=64)

    def run(self, ctx):
        held = b"x" * (300 << 20)  # written, so resident
        time.sleep(60)
        ctx.write_json("count", {"held": len(held)})

    def self_test(self):
        return SelfTest(inputs={"text": Fixture.text("hello")})
