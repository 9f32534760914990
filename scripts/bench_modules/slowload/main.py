"""slowload: a module whose load() takes 1 s (a model being loaded), then returns its input text.
The workers part compares it warm (loaded once per worker) with slowload-cold, the same module
with warm = False that scripts/bench makes from it (loaded per task)."""
import time

from taskmill import Fixture, Input, Kind, Module, Output, SelfTest, main


class SlowLoad(Module):
    name = "slowload"
    version = "1.0.0"
    description = "load() takes 1 s, run() returns its input (for benchmarks)."
    inputs = [Input("text", Kind.TEXT, media_type="text/plain", description="Any text.")]
    outputs = [Output("text", Kind.TEXT, media_type="text/plain", description="The same text.")]
    params = {"type": "object", "properties": {}, "additionalProperties": False}
    timeout_seconds = 60

    def load(self):
        time.sleep(1.0)
        self.loaded_at = time.time()

    def run(self, ctx):
        ctx.write_text("text", ctx.inputs["text"].read_text())

    def self_test(self):
        def check(outputs):
            assert outputs["text"].read_text() == "ping", outputs["text"].read_text()

        return SelfTest(inputs={"text": Fixture.text("ping")}, check=check)


if __name__ == "__main__":
    main()
