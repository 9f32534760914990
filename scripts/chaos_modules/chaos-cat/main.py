"""chaos-cat: the chaos test's module. Concatenates text `a`, optional text `b` and the param
`suffix`, sleeping `sleep` seconds on the way (reporting progress), and writes the result twice:
as the TEXT output `text` and as the FILE output `file` (in the file store). The result is
deterministic, so scripts/chaos can check every output's content, not only its sha256."""
import time

from taskmill import Fixture, Input, Kind, Module, Output, SelfTest, main


class ChaosCat(Module):
    name = "chaos-cat"
    version = "1.0.0"
    description = "Concatenates one or two texts and a suffix, slowly (chaos test)."
    inputs = [Input("a", Kind.TEXT), Input("b", Kind.TEXT, optional=True)]
    outputs = [Output("text", Kind.TEXT, media_type="text/plain"),
               Output("file", Kind.FILE, media_type="text/plain")]
    params = {
        "type": "object",
        "properties": {
            "suffix": {"type": "string", "maxLength": 40, "default": ""},
            "sleep": {"type": "number", "minimum": 0, "maximum": 60, "default": 0},
        },
        "additionalProperties": False,
    }
    timeout_seconds = 120

    def run(self, ctx):
        steps = 5
        for i in range(steps):
            time.sleep(ctx.params["sleep"] / steps)
            ctx.progress((i + 1) / steps, f"step {i + 1} of {steps}")
        b = ctx.inputs.get("b")
        text = ctx.inputs["a"].read_text() + (b.read_text() if b else "") + ctx.params["suffix"]
        ctx.write_text("text", text)
        ctx.output_path("file", "cat.txt").write_text(text)

    def self_test(self):
        def check(outputs):
            assert outputs["text"].read_text() == "xy!", outputs["text"].read_text()
            assert outputs["file"].read_text() == "xy!", outputs["file"].read_text()

        return SelfTest(inputs={"a": Fixture.text("x"), "b": Fixture.text("y")},
                        params={"suffix": "!"}, check=check)


if __name__ == "__main__":
    main()
