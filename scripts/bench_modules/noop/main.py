"""noop: returns its input text unchanged, inline. The benchmark's module: it measures the service, not the work."""
from taskmill import Fixture, Input, Kind, Module, Output, SelfTest, main


class Noop(Module):
    name = "noop"
    version = "1.0.0"
    description = "Returns its input text unchanged (for benchmarks)."
    inputs = [Input("text", Kind.TEXT, media_type="text/plain", description="Any text.")]
    outputs = [Output("text", Kind.TEXT, media_type="text/plain", description="The same text.")]
    params = {"type": "object", "properties": {}, "additionalProperties": False}
    timeout_seconds = 60

    def run(self, ctx):
        ctx.write_text("text", ctx.inputs["text"].read_text())

    def self_test(self):
        def check(outputs):
            assert outputs["text"].read_text() == "ping", outputs["text"].read_text()

        return SelfTest(inputs={"text": Fixture.text("ping")}, check=check)


if __name__ == "__main__":
    main()
