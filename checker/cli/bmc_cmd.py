"""`checker bmc`: bounded model checking with Z3 (a violation within K steps?)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from checker.cli.args import model_arguments
from checker.cli.paths import config_for
from checker.cli.prove_cmd import (
    QueryLine,
    add_common_options,
    finish,
    report_inferred,
    report_violation,
    solver_s,
)
from checker.cli.tracetext import add_property_flag, violated_words
from checker.symbolic.api import bmc
from checker.symbolic.result import BmcResult


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "bmc",
        help="look for a violation within K steps with Z3 (bounded model checking)",
        description="Unroll Init and up to K steps of Next symbolically and look for a "
        "state violating the invariants (--inv, default: the config's INVARIANTs), a "
        "PROPERTY part (--property, default: the config's PROPERTY lines; <>P, []<>P, "
        "<>[]P, P ~> Q ... as lassos of at most K steps under the spec's WF/SF fairness) or "
        "a deadlock (unless CHECK_DEADLOCK FALSE). Depths are tried in increasing order, so "
        "the violation found is a shortest one, as with `checker check`. Types of the "
        "variables come from the invariants (`x \\in S`, `x \\in [A -> B]`, ...).",
        epilog="exit codes: 0 no violation within K steps, 1 violation, 2 invalid input or "
        "a construct outside the encodable subset, 3 the solver answered unknown "
        "(--timeout), 4 internal error, 130 interrupted",
    )
    model_arguments(p, config=False)
    p.add_argument("--depth", "-k", type=_depth, required=True, help="the number of steps K")
    p.add_argument(
        "--inv",
        action="append",
        default=[],
        metavar="NAME",
        help="an invariant to check (repeatable; default: the config's INVARIANTs)",
    )
    add_property_flag(p)
    add_common_options(p)
    p.set_defaults(handler=run)


def _depth(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of steps, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of steps >= 0, got {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    spec, config = config_for(args.spec, args.config)
    out = sys.stderr if args.json else sys.stdout
    out.write(f"Bounded model checking with Z3, {args.depth} step(s): {spec} with {config}\n")
    out.flush()
    with QueryLine(quiet=args.quiet) as observer:
        result = bmc(
            spec,
            config,
            depth=args.depth,
            invariants=args.inv,
            properties=args.properties,
            timeout=args.timeout,
            trace_dir=None if args.no_trace_file else args.trace_dir,
            observer=observer,
        )
    report_bmc(result, out)
    return finish(result.to_json(), result.verdict, args.json)


def report_bmc(r: BmcResult, out: TextIO) -> None:
    report_inferred(r, out)
    timing = f"{len(r.queries)} queries in {r.elapsed_s:.2f} s (solver {solver_s(r):.2f} s)"
    v = r.violation
    if r.verdict == "ok":
        checked = f", PROPERTY {' '.join(r.properties)} included" if r.properties else ""
        out.write(f"No violation within {r.depth} step(s){checked}: {timing}.\n")
    elif v is not None:
        out.write(f"Error: {violated_words(v.property, v.kind)} ({timing}).\n")
        report_violation(v, out, None)
    else:
        done = f"no violation within {r.checked_depth} step(s); " if r.checked_depth >= 0 else ""
        out.write(f"Unknown: {done}the solver gave up on {r.unknown} ({timing}).\n")
