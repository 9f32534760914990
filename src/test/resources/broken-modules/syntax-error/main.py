"""Broken on purpose: a syntax error (missing colon after the def line)."""
from taskmill import Input, Kind, Module, Output


class SyntaxErrorModule(Module):
    name = "syntax-error"
    version = "1.0.0"
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("text", Kind.TEXT)]

    def run(self, ctx)
        ctx.write_text("text", ctx.inputs["text"].read_text())
