"""The `checker` command: argument parsing, dispatch, diagnostics and exit codes.

Exit codes (stable; documented in README and --help):
  0  every checked property holds
  1  a property is violated (a counterexample was written)
  2  the spec, the configuration, a trace or the command line is invalid; an output file
     cannot be written; a worker process was killed or stopped from outside (E508)
  3  a limit was reached (states, depth, time, memory) or a solver answered "unknown"
  4  internal error (a bug in the checker: please report it)
  130 interrupted (Ctrl-C)
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from checker.cli.tlcflags import translate
from checker.diagnostics import CheckerError, Diagnostic, InternalError, format_diagnostic
from checker.stack import deep_entry
from checker.version import checker_version

EXIT_OK, EXIT_VIOLATION, EXIT_INVALID, EXIT_LIMIT, EXIT_INTERNAL = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = """exit codes:
  0    every checked property holds
  1    a property is violated (counterexample written)
  2    invalid spec, configuration, trace file or command line; an output
       file that cannot be written; a worker killed or stopped from outside
  3    a limit was reached before the end (--max-states, --max-depth,
       --time-limit, --memory-limit, out of memory) or a solver answered "unknown"
  4    internal error in the checker
  130  interrupted (Ctrl-C)
"""

Command = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad options as our diagnostics (exit 2), not its own."""

    def error(self, message: str) -> NoReturn:
        raise CheckerError((Diagnostic("E502", message, hint=f"see `{self.prog} --help`"),))


class _Version(argparse._VersionAction):
    """`--version`, looked up when asked: reading the installed package's metadata takes a
    few hundredths of a second, which every command would pay when its parser is built."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        self.version = f"%(prog)s {checker_version()}"
        super().__call__(parser, namespace, values, option_string)


def build_parser() -> argparse.ArgumentParser:
    from checker.cli import commands

    parser = _Parser(
        prog="checker",
        description="A model checker for distributed protocols written in TLA+.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version, version="%(prog)s")
    sub: argparse._SubParsersAction[argparse.ArgumentParser] = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser
    )
    sub.required = True
    for register in commands.REGISTRY:
        register(sub)
    return parser


def print_diagnostics(diags: Sequence[Diagnostic]) -> None:
    for d in diags:
        sys.stderr.write(format_diagnostic(d) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code. Commands run on a deep
    thread (NOTE(deep-recursion) in checker/stack.py)."""
    return _main(argv)


@deep_entry
def _main(argv: Sequence[str] | None) -> int:
    try:
        words = sys.argv[1:] if argv is None else argv
        args = build_parser().parse_args(translate(words))
        handler: Command = args.handler
        return handler(args)
    except CheckerError as exc:
        print_diagnostics(exc.diagnostics)
        return EXIT_INVALID
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return EXIT_INTERRUPTED
    except RecursionError:
        sys.stderr.write("error[E104]: input nested too deeply to process\n")
        return EXIT_INVALID
    except BrokenPipeError:
        return EXIT_OK
    except InternalError as exc:  # a bug found in a worker process: what and where
        _internal_error(f"  {exc}\n", exc.details + traceback.format_exc())
        return EXIT_INTERNAL
    except MemoryError:  # outside a search (which reports what it explored): no bug either
        sys.stderr.write("error: out of memory (MemoryError): the system refused an allocation\n")
        return EXIT_LIMIT
    except Exception:  # the last line of defence: no traceback for users
        _internal_error("", traceback.format_exc())
        return EXIT_INTERNAL


def _internal_error(summary: str, details: str) -> None:
    sys.stderr.write(
        "error: internal error in the checker (this is a bug; please report "
        "it with the spec and the command)\n" + summary
    )
    if os.environ.get("CHECKER_DEBUG"):
        sys.stderr.write(details)
    else:
        sys.stderr.write("  set CHECKER_DEBUG=1 to see the Python traceback\n")


def run() -> NoReturn:
    sys.exit(main())
