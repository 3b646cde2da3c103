"""`checker trace show|html|import`: view ITF traces in a terminal or a browser, and
convert TLC's error traces to ITF.

    checker trace show counterexamples/Paxos.itf.json [--all] [--var msgs] [--step 4] [-i]
    checker trace html counterexamples/Paxos.itf.json -o paxos.html [--msc-var msgs ...]
    checker trace import tlc-output.txt -o trace.itf.json
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

from checker.cli.main import EXIT_OK
from checker.diagnostics import CheckerError, Diagnostic, suggest
from checker.traces import Trace, read_itf

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "trace",
        help="view a trace (terminal or HTML) or import a TLC trace",
        description="Work with counterexample traces in ITF JSON (the Informal Trace "
        "Format): view them in the terminal or as an HTML page, or import TLC's.",
    )
    commands = p.add_subparsers(dest="trace_command", metavar="SUBCOMMAND")
    commands.required = True
    _register_show(commands)
    _register_html(commands)
    _register_import(commands)


# -- show -------------------------------------------------------------------------------


def _register_show(commands: Subparsers) -> None:
    p = commands.add_parser(
        "show",
        help="show a trace in the terminal, one panel per state",
        description="Show a trace, one panel per state, numbered from 1 as TLC does. "
        "By default a panel shows only the variables that changed, with nested diffs "
        "(added elements green, removed ones red, unchanged parts counted). "
        "With -i, step through the trace with keys: n/→ next, p/← previous, g jump to a "
        "state, / filter variables, a toggle all/changed, ↑↓ scroll, q quit.",
    )
    p.add_argument("file", help="an ITF trace (.itf.json)")
    p.add_argument("--all", action="store_true", help="show unchanged variables too")
    p.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME",
        help="show only this variable (repeatable)",
    )
    p.add_argument(
        "--step",
        type=int,
        metavar="N",
        help="show only state N (1 is the initial state; -1 the last)",
    )
    p.add_argument("-i", "--interactive", action="store_true", help="step through the trace")
    p.add_argument("--width", type=int, metavar="COLUMNS", help="output width (default: terminal)")
    p.set_defaults(handler=run_show)


def load(path: str) -> Trace:
    """An ITF trace with at least one state (E503 otherwise)."""
    trace = read_itf(path)
    if not trace.steps:
        raise CheckerError((Diagnostic("E503", "the trace has no states", path=path),))
    return trace


def run_show(args: argparse.Namespace) -> int:
    trace = load(args.file)
    variables = checked_variables(trace, args.var)
    start = None if args.step is None else state_index(trace, args.step)
    if args.interactive:
        return _interactive(trace, args.all, variables, start or 0)
    from checker.ui.show import print_trace

    indices = None if start is None else [start]
    print_trace(
        trace, sys.stdout, all_vars=args.all, variables=variables, indices=indices, width=args.width
    )
    return EXIT_OK


def _interactive(trace: Trace, all_vars: bool, variables: tuple[str, ...], start: int) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise _usage("interactive mode (-i) needs a terminal for input and output")
    from checker.ui.interactive import run_interactive
    from checker.ui.render import ShowOptions

    run_interactive(trace, ShowOptions(all_vars, variables), start, sys.stdin.fileno(), sys.stdout)
    return EXIT_OK


def checked_variables(trace: Trace, names: Sequence[str]) -> tuple[str, ...]:
    """The `--var` names, in the trace's order; an unknown name is a usage error."""
    for name in names:
        if name not in trace.variables:
            close = suggest(name, trace.variables)
            hint = f"did you mean `{close}`?" if close else None
            known = ", ".join(trace.variables) or "(none)"
            raise _usage(f"the trace has no variable `{name}` (it has: {known})", hint)
    return tuple(v for v in trace.variables if v in names)


def state_index(trace: Trace, number: int) -> int:
    """The 0-based index of state `number` (1-based; negative numbers count from the end)."""
    count = len(trace.steps)
    index = number - 1 if number > 0 else count + number
    if number == 0 or not 0 <= index < count:
        raise _usage(f"no state {number}: the trace has {count} states (1 to {count}, or -1)")
    return index


def _usage(message: str, hint: str | None = None) -> CheckerError:
    return CheckerError((Diagnostic("E502", message, hint=hint),))


# -- html -------------------------------------------------------------------------------


def _register_html(commands: Subparsers) -> None:
    p = commands.add_parser(
        "html",
        help="write a trace as one self-contained HTML page",
        description="Write a self-contained HTML page (no network access, no external "
        "files) to explore a trace: a step list, the state with nested diffs (click to "
        "expand values), keyboard navigation (↑/↓, j/k, Home/End, c, /, ?) and a "
        "message-sequence chart when the spec keeps its messages in a variable: a set, "
        "sequence or bag of records (arrows from the node in a from-field such as "
        "src/from/sender/acc to the node in a to-field such as dst/to/receiver), or "
        "channels chan[from][to] of those. The variable and fields are detected, or named "
        "with the --msc-* options.",
    )
    p.add_argument("file", help="an ITF trace (.itf.json)")
    p.add_argument("-o", "--output", metavar="PAGE", help="the page to write (default: FILE.html)")
    p.add_argument("--title", help="the page's title (default: from the spec's name)")
    p.add_argument("--msc-var", metavar="NAME", help="the variable holding the messages")
    p.add_argument("--msc-from", metavar="FIELD", help="the message field naming the sender")
    p.add_argument("--msc-to", metavar="FIELD", help="the message field naming the receiver(s)")
    p.add_argument("--msc-label", metavar="FIELD", help="the message field to label arrows with")
    p.add_argument("--no-msc", action="store_true", help="no message-sequence chart")
    p.set_defaults(handler=run_html)


def run_html(args: argparse.Namespace) -> int:
    from checker.ui.html import write_page
    from checker.ui.msc import detect

    trace = load(args.file)
    msc = None
    if not args.no_msc:
        msc = detect(trace, args.msc_var, args.msc_from, args.msc_to, args.msc_label)
    out = Path(args.output) if args.output else _default_output(args.file, ".html")
    written = write_page(trace, out, msc, args.title)
    chart = f", message chart of `{msc.var}`" if msc else ""
    sys.stdout.write(f"wrote {written} ({_states(trace)}{chart})\n")
    return EXIT_OK


# -- import -----------------------------------------------------------------------------


def _register_import(commands: Subparsers) -> None:
    p = commands.add_parser(
        "import",
        help="convert a TLC error trace to ITF JSON",
        description="Convert TLC's error trace to ITF JSON, for `checker trace show` and "
        "`checker trace html`. Reads TLC's printed output (with or without -tool; the "
        "first error trace in it) or the file written by `-dumpTrace json`. TLC's JSON "
        "does not tell sets from sequences nor model values from strings: name them with "
        "--sets and --model-values (the printed output has no such ambiguity).",
    )
    p.add_argument("file", help="TLC's output (a text file, a JSON dump, or - for stdin)")
    p.add_argument(
        "-o", "--output", metavar="TRACE", help="the ITF file to write (default: FILE.itf.json)"
    )
    p.add_argument(
        "--format", choices=["auto", "text", "json"], default="auto", help="default: guess"
    )
    p.add_argument("--spec", metavar="MODULE", help="the spec's module name, for the metadata")
    p.add_argument(
        "--model-values",
        metavar="NAMES",
        default="",
        help="JSON only: comma-separated strings that are model values (e.g. a1,a2,a3)",
    )
    p.add_argument(
        "--sets",
        metavar="VARS",
        default="",
        help="JSON only: comma-separated variables whose arrays are sets (e.g. msgs)",
    )
    p.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from checker.files import write_output
    from checker.traces.itf import dumps
    from checker.traces.tlc import JsonOptions, import_tlc

    source = "<stdin>" if args.file == "-" else args.file
    text = _read_text(args.file)
    options = JsonOptions(_names(args.model_values), _names(args.sets))
    trace = import_tlc(text, source, args.format, options)
    if args.spec:
        trace = replace(trace, spec=args.spec)
    if args.output is None and args.file == "-":
        raise _usage("reading from stdin: give the output file with -o")
    out = Path(args.output) if args.output else _default_output(args.file, ".itf.json")
    write_output(out, dumps(trace), "the ITF trace")
    what = f", {trace.violated} violated" if trace.violated else ""
    sys.stdout.write(f"wrote {out} ({_states(trace)}{what})\n")
    return EXIT_OK


def _names(text: str) -> frozenset[str]:
    return frozenset(n.strip() for n in text.split(",") if n.strip())


def _read_text(path: str) -> str:
    """TLC's output from a file or stdin, at most TRACE_LIMIT bytes of UTF-8."""
    from checker.inputs import TRACE_LIMIT, read_stream, too_large
    from checker.traces.jsontext import read_text

    if path != "-":
        return read_text(path, "TLC's output")
    if not hasattr(sys.stdin, "buffer"):  # replaced by a text stream (an embedding program)
        text = sys.stdin.read(TRACE_LIMIT + 1)
        if len(text) > TRACE_LIMIT:
            raise too_large("<stdin>", "TLC's output", TRACE_LIMIT, "more than that")
        return text
    data = read_stream(sys.stdin.buffer, TRACE_LIMIT, "TLC's output", "<stdin>")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CheckerError(
            (Diagnostic("E501", f"cannot read stdin: not UTF-8 text (byte {exc.start})"),)
        ) from None


def _states(trace: Trace) -> str:
    n = len(trace.steps)
    return f"{n} state{'s' if n != 1 else ''}"


def _default_output(source: str, suffix: str) -> Path:
    name = Path(source).name
    for ending in (".itf.json", ".json", ".txt", ".out", ".log"):
        if name.endswith(ending):
            name = name[: -len(ending)]
            break
    return Path(source).with_name(name + suffix)
