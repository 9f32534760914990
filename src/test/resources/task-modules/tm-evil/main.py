"""tm-evil: a hostile test module. With the default params it behaves (its self-test); with
`attack` it tries to escape its folders the ways issue 12 found: its output a symbolic link (or
inside a linked folder) to a file outside, a hard link to one, a name a child process keeps
flipping between a file and a link after the module exited, or a write to its input."""
import os
import subprocess
import sys
import time
from pathlib import Path

from taskmill import Fixture, Input, Kind, Module, Output, SelfTest
from taskmill.data import Value

# Runs detached from the module (its own session, no pipes): renames a file of its own and a link
# to the outside file into the output's name in turn until the folder is gone or time is up.
FLIPPER = r"""
import os, sys, time
target, outside, kind, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
folder = os.path.dirname(target)
deadline = time.monotonic() + seconds
n = 0
while time.monotonic() < deadline and os.path.isdir(folder):
    staged = os.path.join(folder, ".flip-%d" % n)
    try:
        if n % 2 == 0:
            with open(staged, "w") as f:
                f.write("own bytes")
        elif kind == "hard":
            os.link(outside, staged)
        else:
            os.symlink(outside, staged)
        os.replace(staged, target)
        if n == 1:
            open(os.path.join(folder, ".flipping"), "w").close()
    except OSError:
        pass
    n += 1
"""


class Evil(Module):
    name = "tm-evil"
    version = "1.0.0"
    description = "Test module: tries to publish links to host files and to write to its input."
    inputs = [Input("victim", Kind.FILE, optional=True, description="For attack=truncate-input")]
    outputs = [Output("file", Kind.FILE, media_type="text/plain")]
    params = {
        "type": "object",
        "properties": {
            "attack": {"type": "string", "default": "none",
                       "enum": ["none", "symlink", "symlink-folder", "hardlink", "flip-symlink",
                                "flip-hardlink", "truncate-input"]},
            "outside": {"type": "string", "default": ""},
            "seconds": {"type": "number", "minimum": 1, "maximum": 60, "default": 20},
        },
        "additionalProperties": False,
    }
    timeout_seconds = 60

    def run(self, ctx):
        p = ctx.params
        attack, outside = p["attack"], p["outside"]
        out = ctx.output_path("file", "ok.txt")
        if attack == "none":
            out.write_text("own bytes")
        elif attack == "symlink":
            os.symlink(outside, out)
        elif attack == "symlink-folder":
            os.symlink(os.path.dirname(outside), ctx.output_dir / "sub")
            # Not through output_path, which takes plain names only: the path a hostile SDK would send.
            ctx._outputs["file"] = Value(Kind.FILE, "text/plain",
                                         path=ctx.output_dir / "sub" / os.path.basename(outside))
        elif attack == "hardlink":
            os.link(outside, out)
        elif attack in ("flip-symlink", "flip-hardlink"):
            out.write_text("own bytes")
            kind = "hard" if attack == "flip-hardlink" else "soft"
            subprocess.Popen([sys.executable, "-c", FLIPPER, str(out), outside, kind, str(p["seconds"])],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
            # Exit only once it flips, so publication runs while it does.
            deadline = time.monotonic() + 20
            while not (ctx.output_dir / ".flipping").exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        elif attack == "truncate-input":
            victim = ctx.inputs["victim"].path
            try:
                os.chmod(victim, 0o644)  # a read-only file is no obstacle to its owner
            except OSError:
                pass
            with open(victim, "r+b") as f:
                f.truncate(3)
            out.write_text("own bytes")

    def self_test(self):
        def check(outputs):
            assert outputs["file"].read_text() == "own bytes"

        return SelfTest(inputs={}, check=check)
