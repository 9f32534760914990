"""tm-huge-line: an adversarial test module that writes one huge line on stderr and one on the
protocol's stdout (streamed in chunks: the module itself does not hold it), then a normal result
with a large inline value (which must still arrive whole)."""
from taskmill import Fixture, Input, Kind, Module, Output, SelfTest

CHUNK = "x" * (1 << 20)


def huge_line(stream, megabytes):
    for _ in range(megabytes):
        stream.write(CHUNK)
    stream.write("\n")
    stream.flush()


class HugeLine(Module):
    name = "tm-huge-line"
    version = "1.0.0"
    description = "Test module: writes one huge line on stderr and on stdout."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("echo", Kind.TEXT, media_type="text/plain")]
    params = {
        "type": "object",
        "properties": {
            "megabytes": {"type": "integer", "minimum": 0, "maximum": 4096, "default": 0},
            "inlineBytes": {"type": "integer", "minimum": 0, "default": 0},
        },
        "additionalProperties": False,
    }
    timeout_seconds = 600

    def run(self, ctx):
        p = ctx.params
        if p["megabytes"]:
            import sys
            huge_line(sys.stderr, p["megabytes"])
            # The protocol's own stream, as a module that writes to the real stdout would.
            huge_line(ctx._protocol._stream, p["megabytes"])
            ctx.log.info("after the huge lines")
        text = ctx.inputs["text"].read_text()
        ctx.write_text("echo", text + "y" * p["inlineBytes"])

    def self_test(self):
        return SelfTest(inputs={"text": Fixture.text("hi")})
