# Taskmill's process launcher: runs one command so that no process it starts outlives it.
#
# The service starts every module process as `python3 -I -S -c <this file> [--cgroup DIR] -- CMD...`.
# The launcher joins the cgroup DIR when given (so the service can kill the whole group later),
# makes itself a child subreaper (orphans of the command, even after setsid or a double fork, are
# re-parented to it instead of to init), runs CMD as its child with the inherited streams and
# environment, and when CMD ends -- or the launcher gets SIGTERM, SIGINT or SIGHUP -- kills and
# reaps every remaining descendant before it exits with CMD's exit status (128 + N for a signal).
# It writes nothing to stdout or stderr: those belong to the command.
import ctypes
import os
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class Stop(Exception):
    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


def on_stop(signum, frame):
    raise Stop(signum)


def join_cgroup(path):
    try:
        with open(os.path.join(path, "cgroup.procs"), "w") as procs:
            procs.write(str(os.getpid()))
    except OSError:
        pass  # the subreaper and the service's sweep still apply; never fail the command for it


def become_subreaper():
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0


def descendants():
    """Every process below this one, found through the parent ids in /proc."""
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/" + name + "/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(name))
    found, todo = [], [os.getpid()]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.append(child)
            todo.append(child)
    return found


def reap_all():
    """Kills every descendant and reaps them until none is left (new orphans keep coming to us)."""
    while True:
        left = descendants()
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            if not left:
                return
        time.sleep(0.005)


def exit_code(status):
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


def main(args):
    if args[:1] == ["--cgroup"]:
        join_cgroup(args[1])
        args = args[2:]
    if args[:1] != ["--"] or len(args) < 2:
        os.write(2, b"usage: launcher [--cgroup DIR] -- COMMAND...\n")
        return 2
    command = args[1:]
    # Without prctl (not Linux) the service's own sweep is what remains.
    become_subreaper()
    for signum in STOP_SIGNALS:
        signal.signal(signum, on_stop)
    code = 0
    try:
        child = os.fork()
        if child == 0:
            try:
                for signum in STOP_SIGNALS:
                    signal.signal(signum, signal.SIG_DFL)
                os.execvp(command[0], command)
            except BaseException as e:
                os.write(2, ("cannot run %s: %s\n" % (command[0], e)).encode())
            os._exit(127)
        while True:
            pid, status = os.waitpid(-1, 0)
            if pid == child:
                code = exit_code(status)
                break
    except Stop as stop:
        code = 128 + stop.signum
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    reap_all()
    return code


sys.exit(main(sys.argv[1:]))
