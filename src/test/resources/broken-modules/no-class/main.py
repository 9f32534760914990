"""Broken on purpose: valid Python that defines no taskmill.Module subclass."""
import taskmill  # noqa: F401


class NotAModule:
    name = "no-class"

    def run(self, ctx):
        pass


def run(ctx):
    pass
