"""tm-gpu: a test module that declares it needs a GPU, so only an instance offering the `gpu`
capability may claim its tasks. It does no GPU work (there is no GPU here)."""
from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest


class Gpu(Module):
    name = "tm-gpu"
    version = "1.0.0"
    description = "Test module: needs a GPU instance; upper-cases its text."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("upper", Kind.TEXT, media_type="text/plain")]
    resources = Resources(gpu=True)

    def run(self, ctx):
        ctx.write_text("upper", ctx.inputs["text"].read_text().upper())

    def self_test(self):
        def check(outputs):
            assert outputs["upper"].read_text() == "HI"

        return SelfTest(inputs={"text": Fixture.text("hi")}, check=check)
