"""`checker prove`: is the invariant inductive? (Z3; see checker/symbolic.)

Also holds what `checker bmc` shares with it: common options, the progress line for
solver queries, and the report of a symbolic counterexample.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, TextIO

from checker.cli.args import model_arguments, seconds
from checker.cli.main import EXIT_LIMIT, EXIT_OK, EXIT_VIOLATION
from checker.cli.paths import config_for
from checker.cli.tracetext import add_full_flag, add_trace_file_flags, trace_text
from checker.symbolic.api import DEFAULT_TRACE_DIR, prove
from checker.symbolic.result import BmcResult, ProveResult, QueryProgress, SymbolicViolation

EXIT_BY_VERDICT = {"ok": EXIT_OK, "violation": EXIT_VIOLATION, "unknown": EXIT_LIMIT}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "prove",
        help="check with Z3 that an invariant is inductive (or show a counterexample)",
        description="For the finite model fixed by the configuration, with I the "
        "conjunction of the --inv invariants (default: the config's INVARIANTs), check "
        "Init => I and I /\\ Next => I' with Z3. Types of the variables come from "
        "conjuncts of I such as `x \\in S`, `x \\in [A -> B]`, `x \\subseteq S`. A "
        "counterexample to induction (a state satisfying I, a step, a successor violating "
        "I) is printed with the violated conjunct and written as ITF JSON.",
        epilog="exit codes: 0 inductive, 1 counterexample, 2 invalid input or a construct "
        "outside the encodable subset, 3 the solver answered unknown (--timeout), "
        "4 internal error, 130 interrupted",
    )
    model_arguments(p, config=False)
    p.add_argument(
        "--inv",
        action="append",
        default=[],
        metavar="NAME",
        help="an invariant (repeat for a conjunction; default: the config's INVARIANTs)",
    )
    p.add_argument(
        "--implies",
        action="append",
        default=[],
        metavar="NAME",
        help="then check that the invariant implies this property (valid over its types)",
    )
    add_common_options(p)
    p.set_defaults(handler=run)


def add_common_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", "-c", help="the TLC .cfg model (default: SPEC.cfg)")
    p.add_argument("--timeout", type=seconds, help="seconds allowed to each solver query")
    p.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object (the result) as the last line of stdout",
    )
    add_trace_file_flags(p, DEFAULT_TRACE_DIR)
    p.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    add_full_flag(p)


def run(args: argparse.Namespace) -> int:
    spec, config = config_for(args.spec, args.config)
    out = sys.stderr if args.json else sys.stdout
    out.write(f"Proving with Z3: {spec} with {config}\n")
    out.flush()
    with QueryLine(quiet=args.quiet) as observer:
        result = prove(
            spec,
            config,
            invariants=args.inv,
            implies=args.implies,
            timeout=args.timeout,
            trace_dir=None if args.no_trace_file else args.trace_dir,
            observer=observer,
        )
    report_prove(result, out, args.full)
    return finish(result.to_json(), result.verdict, args.json)


def finish(payload: dict[str, Any], verdict: str, as_json: bool) -> int:
    if as_json:
        sys.stdout.write(json.dumps(payload) + "\n")
    return EXIT_BY_VERDICT[verdict]


def report_inferred(r: ProveResult | BmcResult, out: TextIO) -> None:
    """The types found by inference (symbolic/infer.py): part of what was checked."""
    for name, text in r.inferred:
        short = text if len(text) <= 160 else f"{text[:140]}... (+{len(text) - 140:,} chars)"
        out.write(f"Type of {name} inferred from Init and Next: {short}\n")


def report_prove(r: ProveResult, out: TextIO, full: bool = False) -> None:
    report_inferred(r, out)
    inv = " /\\ ".join(r.invariants)
    timing = f"{len(r.queries)} queries in {r.elapsed_s:.2f} s (solver {solver_s(r):.2f} s)"
    v = r.violation
    if r.verdict == "ok":
        out.write(f"{inv} is inductive: {timing}.\n")
        for prop in r.implies:
            out.write(f"{inv} implies {prop}.\n")
    elif v is not None and v.kind == "implication":
        out.write(f"{inv} is inductive, but does not imply {v.property}: {timing}.\n")
        report_violation(v, out, f"a state satisfying {inv}", full)
    elif v is not None and v.kind == "init":
        out.write(f"{inv} does not hold initially: {timing}.\n")
        report_violation(v, out, None, full)
    elif v is not None:
        out.write(f"{inv} is not inductive: a counterexample to induction ({timing}).\n")
        out.write(f"Step: {v.action}\n")
        report_violation(v, out, f"a state satisfying {inv}", full)
    else:
        out.write(f"Unknown: the solver gave up on {r.unknown} ({timing}).\n")


def report_violation(
    v: SymbolicViolation, out: TextIO, first: str | None, full: bool = False
) -> None:
    out.write(f"Violated: {v.property}\n")
    if len(v.conjunct) > 1:
        out.write("  in " + " > ".join(v.conjunct) + "\n")
    where = f", written to {v.trace_file}" if v.trace_file else ""
    out.write(f"Counterexample: {v.length} step(s){where}\n\n")
    text = trace_text(v.trace, full)
    if first is not None:
        text = text.replace("<Initial predicate>", f"<{first}>", 1)
    out.write(text + "\n")


def solver_s(r: Any) -> float:
    return float(sum(q.elapsed_s for q in r.queries))


class QueryLine:
    """Shows the running solver query: redrawn in place on a terminal, a plain line
    every few seconds for long queries elsewhere (CI logs)."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self.last_plain = 0.0
        self.shown = False

    def __enter__(self) -> QueryLine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.clear()

    def on_query(self, p: QueryProgress) -> None:
        if self.quiet:
            return
        where = f"[{p.index}/{p.total}] " if p.total else ""
        line = f"query {where}{p.name}: {p.answer or 'solving'}, {p.elapsed_s:.1f} s"
        if self.tty:
            self.stream.write("\r\x1b[K" + line[:160])
            self.shown = True
        elif p.answer is None and p.elapsed_s >= 5.0:
            now = time.monotonic()
            if now - self.last_plain >= 5.0:
                self.last_plain = now
                self.stream.write("progress: " + line + "\n")
        self.stream.flush()

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
