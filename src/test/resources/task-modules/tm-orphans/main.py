"""tm-orphans: an adversarial test module that leaves processes behind. On request it starts a
plain child (subprocess.Popen), a child in a new session (start_new_session=True) and a daemon
(double fork + setsid), writes their pids to a file, and then exits 0, fails, or sleeps (so a test
can time it out or cancel it). Every child sleeps for ten minutes with 'tm-orphans-child' in its
command line, so a test can tell it from a process that later got the same pid."""
import os
import subprocess
import sys
import time
from pathlib import Path

from taskmill import Fixture, Input, Kind, Module, Output, SelfTest

CHILD = [sys.executable, "-c", "import time; time.sleep(600)", "tm-orphans-child"]


def daemon():
    """Double fork + setsid: the classic way to leave a process that no parent waits for."""
    read, write = os.pipe()
    first = os.fork()
    if first == 0:
        os.setsid()
        if os.fork() == 0:
            os.write(write, str(os.getpid()).encode())
            os.close(write)
            os.execv(sys.executable, CHILD)
        os._exit(0)
    os.close(write)
    os.waitpid(first, 0)
    pid = int(os.read(read, 32))
    os.close(read)
    return pid


class Orphans(Module):
    name = "tm-orphans"
    version = "1.0.0"
    description = "Test module: starts children that try to outlive it."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("echo", Kind.TEXT, media_type="text/plain")]
    params = {
        "type": "object",
        "properties": {
            "pidFile": {"type": "string"},
            "fail": {"type": "boolean", "default": False},
            "sleep": {"type": "number", "minimum": 0, "maximum": 600, "default": 0},
        },
        "additionalProperties": False,
    }
    timeout_seconds = 120

    def run(self, ctx):
        p = ctx.params
        if p.get("pidFile"):
            plain = subprocess.Popen(CHILD)
            session = subprocess.Popen(CHILD, start_new_session=True,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            pids = [plain.pid, session.pid, daemon()]
            # Written whole, then renamed: a test waiting for the file never reads it half written.
            pid_file = Path(p["pidFile"])
            partial = pid_file.with_name(pid_file.name + ".partial")
            partial.write_text(" ".join(str(pid) for pid in pids))
            os.replace(partial, pid_file)
        if p["sleep"]:
            time.sleep(p["sleep"])
        if p["fail"]:
            raise ValueError("asked to fail")
        ctx.write_text("echo", ctx.inputs["text"].read_text())

    def self_test(self):
        return SelfTest(inputs={"text": Fixture.text("hi")})
