"""Broken on purpose: requires a package that does not exist, so installing requirements fails."""
from taskmill import Fixture, Input, Kind, Module, Output, SelfTest


class BadRequirement(Module):
    name = "bad-requirement"
    version = "1.0.0"
    description = "Echoes its input; needs a package pip cannot find."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("text", Kind.TEXT)]
    requirements = ["taskmill-no-such-package-xyz==9.9.9"]

    def run(self, ctx):
        import taskmill_no_such_package_xyz  # noqa: F401  (never reached when installs fail)

        ctx.write_text("text", ctx.inputs["text"].read_text())

    def self_test(self):
        def check_echo(outputs):
            assert outputs["text"].value == "hi"

        return SelfTest(inputs={"text": Fixture.text("hi")}, check=check_echo)
