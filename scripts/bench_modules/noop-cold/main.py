"""noop-cold: noop run the cold way (warm = False): a fresh process per task, for the workers part's comparison."""
from taskmill import Fixture, Input, Kind, Module, Output, SelfTest, main


class Noop(Module):
    name = "noop-cold"
    version = "1.0.0"
    description = "Returns its input text unchanged (for benchmarks)."
    inputs = [Input("text", Kind.TEXT, media_type="text/plain", description="Any text.")]
    outputs = [Output("text", Kind.TEXT, media_type="text/plain", description="The same text.")]
    params = {"type": "object", "properties": {}, "additionalProperties": False}
    timeout_seconds = 60
    warm = False

    def run(self, ctx):
        ctx.write_text("text", ctx.inputs["text"].read_text())

    def self_test(self):
        def check(outputs):
            assert outputs["text"].read_text() == "ping", outputs["text"].read_text()

        return SelfTest(inputs={"text": Fixture.text("ping")}, check=check)


if __name__ == "__main__":
    main()
