"""Broken on purpose: a valid module whose self-test check fails (it expects the wrong word count)."""
from taskmill import Fixture, Input, Kind, Module, Output, SelfTest


class FailingTest(Module):
    name = "failing-test"
    version = "1.0.0"
    description = "Counts words; its self-test expects the wrong number."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("count", Kind.JSON)]

    def run(self, ctx):
        ctx.write_json("count", {"words": len(ctx.inputs["text"].read_text().split())})

    def self_test(self):
        def check_word_count(outputs):
            words = outputs["count"].read_json()["words"]
            assert words == 3, f"expected 3 words in 'hello world', got {words}"

        return SelfTest(inputs={"text": Fixture.text("hello world")}, check=check_word_count)
