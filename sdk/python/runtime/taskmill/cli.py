"""`python -m taskmill <command>` and taskmill.main()."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import ModuleType
from typing import List, Optional

from .loader import find_module_class, load_file
from .manifest import ContractError, build_manifest
from .pretty import PrettyProtocol
from .protocol import take_over_stdout
from .testenv import test_in_environment
from .runner import EXIT_CONTRACT, EXIT_FAILED, EXIT_OK, load_module, run_job, run_self_test
from .serve import serve

USAGE = ("python -m taskmill [--module-file PATH] "
         "{describe | test [--work-dir DIR] [--pretty] [--setup] | run --job PATH | serve}")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        sys.stderr.write(f"taskmill: error: {message}\n")
        sys.exit(EXIT_CONTRACT)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS keeps a value given before the command from being reset by the subparser.
    common.add_argument("--module-file", default=argparse.SUPPRESS,
                        help="Python file defining the Module (default: ./main.py)")
    parser = _Parser(prog="python -m taskmill", usage=USAGE, parents=[common],
                     description="Run a Taskmill module. Protocol lines go to stdout, human text to stderr.")
    sub = parser.add_subparsers(dest="command", metavar="command", parser_class=_Parser)
    sub.required = True
    sub.add_parser("describe", parents=[common], help="print the manifest")
    test = sub.add_parser("test", parents=[common], help="run the module's self-test")
    test.add_argument("--work-dir", help="directory for fixtures, outputs and scratch (default: a temp dir)")
    test.add_argument("--pretty", action="store_true",
                      help="print the result for a person (checks, outputs, errors) instead of JSON lines")
    test.add_argument("--setup", action="store_true",
                      help="first make (or reuse) a virtualenv with the module's requirements, and test in it")
    run = sub.add_parser("run", parents=[common], help="run a job")
    run.add_argument("--job", required=True, help="path of the job JSON file")
    sub.add_parser("serve", parents=[common], help="run jobs read from stdin, one at a time (protocol 2)")
    return parser


def _script_module() -> Optional[ModuleType]:
    """The user's script when started as `python main.py`, None under `python -m taskmill`."""
    main = sys.modules.get("__main__")
    file = getattr(main, "__file__", None)
    if not file or Path(file).resolve() == Path(__file__).with_name("__main__.py").resolve():
        return None
    return main


def run_cli(argv: Optional[List[str]] = None, script: Optional[ModuleType] = None) -> int:
    protocol = take_over_stdout()  # first, so even --help and import-time prints stay off stdout
    try:
        args = _parser().parse_args(argv)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else EXIT_CONTRACT

    module_file = getattr(args, "module_file", None)
    try:
        if script is not None and module_file is None:
            module_path = Path(script.__file__).absolute()
            module_cls = find_module_class(script, module_path.name)
        else:
            module_path = Path(module_file or "main.py").absolute()
            module_cls = find_module_class(load_file(module_path, args.command), module_path.name)
        manifest = build_manifest(module_cls)
        if args.command == "test" and args.pretty:
            protocol = PrettyProtocol(protocol.stream)
        if args.command == "test" and args.setup:
            return test_in_environment(manifest, module_path, args, protocol.stream)
        if args.command == "describe":
            protocol.emit(manifest)
            return EXIT_OK
        if args.command == "serve":
            return serve(module_cls, manifest, protocol, module_path.parent)
        module, failure = load_module(module_cls)
        if failure:
            extra = {"checks": []} if args.command == "test" else {}
            protocol.result(ok=False, outputs={}, **extra, **failure)
            return EXIT_FAILED
        if args.command == "test":
            return run_self_test(module, manifest, protocol, module_path.parent, args.work_dir)
        return run_job(module, manifest, protocol, args.job)
    except ContractError as e:
        fields = {"traceback": e.traceback} if e.traceback else {}
        protocol.result(ok=False, error=str(e), **fields)
        return EXIT_CONTRACT


def main(argv: Optional[List[str]] = None) -> None:
    """Entry point; call it under `if __name__ == "__main__":` in main.py."""
    code = run_cli(argv, _script_module())
    sys.stderr.flush()
    sys.exit(code)
