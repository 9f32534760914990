"""tm-unreusable: declares itself non-deterministic (reusable = False), so a task created with
"reuse": true runs it all the same (ResultReuseTest). Counts its runs in the file its params name."""
from pathlib import Path

from taskmill import Fixture, Input, Kind, Module, Output, SelfTest


class Unreusable(Module):
    name = "tm-unreusable"
    version = "1.0.0"
    description = "Test module: echoes its text, declared not reusable."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("echo", Kind.TEXT, media_type="text/plain")]
    params = {
        "type": "object",
        "properties": {"counterFile": {"type": "string"}},
        "additionalProperties": False,
    }
    reusable = False

    def run(self, ctx):
        counter_file = ctx.params.get("counterFile")
        if counter_file:
            counter = Path(counter_file)
            counter.write_text(str(int(counter.read_text()) + 1 if counter.exists() else 1))
        ctx.write_text("echo", ctx.inputs["text"].read_text())

    def self_test(self):
        def check(outputs):
            assert outputs["echo"].read_text() == "hi"

        return SelfTest(inputs={"text": Fixture.text("hi")}, check=check)
