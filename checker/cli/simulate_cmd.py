"""`checker simulate`: random behaviours, the first violation shrunk (NOTE(simulation))."""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections.abc import Callable
from typing import TextIO

from checker.api import DEFAULT_TRACE_DIR, load_within
from checker.cli.args import model_arguments, positive, processes, seconds
from checker.cli.check_cmd import EXIT_BY_VERDICT
from checker.cli.main import print_diagnostics
from checker.cli.paths import config_for
from checker.cli.tracetext import add_full_flag, add_trace_file_flags, trace_text, violated_words
from checker.diagnostics import format_diagnostic
from checker.engine.result import CheckResult
from checker.engine.simrun import Tally
from checker.simulation import (
    DEFAULT_DEPTH,
    DEFAULT_TRACES,
    Settings,
    SimulationResult,
    random_seed,
    simulate_model,
)
from checker.simulation.result import Figures

PLAIN_EVERY_S = 5.0  # seconds between two progress lines
BAR = 40  # the widest bar of the length histogram


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "simulate",
        help="walk random behaviours and check the invariants on the way",
        description="Random behaviours of the model (as TLC's -simulate): each starts at a "
        "random initial state and takes random steps, checking the invariants, deadlock "
        "and the PROPERTY parts `P`, `[]P`, `[][A]_v` (not liveness) in every state it "
        "generates. The first violation is shrunk (steps removed while it still "
        "violates), printed and written as ITF JSON. The same --seed gives the same "
        "result for any number of workers.",
        epilog="exit codes: 0 no violation found, 1 violation, 2 invalid input or "
        "evaluation error, 3 --time-limit reached, 4 internal error, 130 interrupted",
    )
    model_arguments(p)
    p.add_argument(
        "--traces",
        type=positive,
        default=DEFAULT_TRACES,
        help=f"behaviours to walk (default {DEFAULT_TRACES})",
    )
    p.add_argument(
        "--depth",
        type=positive,
        default=DEFAULT_DEPTH,
        help=f"the most steps of a behaviour (default {DEFAULT_DEPTH})",
    )
    p.add_argument(
        "--seed",
        type=int,
        help="the seed of the random choices (default: a random seed, printed; the same "
        "seed replays the same run)",
    )
    p.add_argument(
        "--workers",
        "-w",
        type=processes,
        default=1,
        help="worker processes (default 1, at most 256, or auto); results are identical for any N",
    )
    p.add_argument(
        "--swarm",
        action="store_true",
        help="swarm testing: each behaviour takes only a random subset of the actions, "
        "with random weights",
    )
    p.add_argument("--time-limit", type=seconds, help="stop after this many seconds (exit 3)")
    p.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object (the result) as the last line of stdout",
    )
    add_trace_file_flags(p, DEFAULT_TRACE_DIR)
    p.add_argument(
        "--no-deadlock",
        action="store_true",
        help="do not report states without successors (as CHECK_DEADLOCK FALSE)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    add_full_flag(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    spec, config = config_for(args.spec, args.config)
    out: TextIO = sys.stdout
    if args.json:
        out = io.StringIO() if args.quiet else sys.stderr
    seed = random_seed() if args.seed is None else args.seed
    loaded = load_within(
        spec,
        config,
        args.time_limit,
        None,
        _printer(args.quiet),
        seed=seed,
        deadlock=False if args.no_deadlock else None,
    )
    settings = Settings(args.traces, args.depth, seed, args.workers, args.swarm, args.time_limit)
    if isinstance(loaded, CheckResult):  # --time-limit reached while loading
        result = SimulationResult(
            "limit", loaded.spec, seed, args.depth, args.workers, args.swarm, loaded.elapsed_s,
            limit=loaded.limit,
        )  # fmt: skip
    else:
        print_diagnostics(loaded.warnings)
        out.write(
            f"Simulating {loaded.name} ({spec}) with {config}: {len(loaded.invariants)} "
            f"invariant(s), {args.traces:,} behaviour(s) of at most {args.depth} steps, "
            f"{args.workers} worker(s){', swarm' if args.swarm else ''}, seed {seed}\n"
        )
        out.flush()
        trace_dir = None if args.no_trace_file else args.trace_dir
        result = simulate_model(loaded, settings, trace_dir, _progress(args.quiet))
    report(result, out, args.full)
    if args.json:
        sys.stdout.write(json.dumps(result.to_json()) + "\n")
    return EXIT_BY_VERDICT[result.verdict]


def _printer(quiet: bool) -> Callable[[str], None]:
    def output(text: str) -> None:  # the spec's Print and PrintT
        if not quiet:
            sys.stderr.write(text + "\n")

    return output


def _progress(quiet: bool) -> Callable[[Tally], None]:
    last = [time.perf_counter()]

    def progress(t: Tally) -> None:
        now = time.perf_counter()
        if quiet or now - last[0] < PLAIN_EVERY_S:
            return
        last[0] = now
        sys.stderr.write(
            f"progress: {t.traces:,} behaviours, {t.steps:,} steps, "
            f"{t.distinct:,} distinct states, {t.elapsed():.0f} s\n"
        )
        sys.stderr.flush()

    return progress


def report(r: SimulationResult, out: TextIO, full: bool = False) -> None:
    """The verdict, the shrunk counterexample and the figures."""
    v = r.violation
    if r.unchecked:
        out.write(
            f"Not checked by simulate (liveness: needs whole behaviours, use `checker "
            f"check`): {', '.join(r.unchecked)}\n"
        )
    if r.verdict == "ok":
        out.write(f"No violation found in {r.figures.traces:,} behaviour(s).\n")
    elif v is not None:
        out.write(f"Error: {violated_words(v.property, v.kind)}.\n")
        shrunk = ""
        if r.unshrunk_length is not None:
            shrunk = f" (shrunk from {r.unshrunk_length}"
            shrunk += ")" if r.shrink_complete else "; shrinking stopped at its budget)"
        where = f", written to {v.trace_file}" if v.trace_file else ""
        out.write(f"Counterexample: {v.length} step(s){shrunk}{where}\n\n")
        out.write(trace_text(v.trace, full) + "\n")
        if v.trace_error is not None:
            out.flush()
            sys.stderr.write(format_diagnostic(v.trace_error) + "\n")
    elif r.verdict == "error" and r.error is not None:
        out.write("Error: evaluation failed.\n")
        sys.stderr.write(format_diagnostic(r.error) + "\n")
    elif r.verdict == "limit":
        out.write(f"Stopped: {r.limit} reached; simulated so far:\n")
    elif r.unwritten is not None:
        out.write(f"Error: {violated_words(*r.unwritten)}.\n")
        out.write("Interrupted before its counterexample was written (no file); so far:\n")
    else:
        out.write("Interrupted; simulated so far:\n")
    _figures(r, out)


def _figures(r: SimulationResult, out: TextIO) -> None:
    f = r.figures
    rate = f.steps / r.elapsed_s if r.elapsed_s > 0 else 0.0
    ends = ", ".join(f"{n:,} {_END.get(e, e)}" for e, n in f.ends)
    rows = [
        ("behaviours", f"{f.traces:,}" + (f" ({ends})" if ends else "")),
        ("steps", f"{f.steps:,}"),
        ("generated states", f"{f.generated:,}"),
        ("distinct states", f"{f.distinct_states:,} (by fingerprint)"),
        ("time", f"{r.elapsed_s:.2f} s ({rate:,.0f} steps/s)"),
        ("seed", f"{r.seed} (--seed {r.seed} replays this run)"),
    ]
    for name, value in rows:
        out.write(f"  {name:<22} {value}\n")
    if f.actions:
        out.write("  steps per action\n")
        width = max(len(a) for a, _ in f.actions)
        for action, n in f.actions:
            out.write(f"    {action:<{width}}  {n:>9,}\n")
    if f.lengths:
        out.write("  behaviours by length (steps)\n")
        out.write(histogram(f))


_END = {
    "depth": "reached --depth",
    "stuck": "without a successor in the model",
    "swarm": "without an enabled swarm action",
    "stutter": "with only stuttering steps",
    "violation": "violating",
}


def histogram(f: Figures, buckets: int = 10) -> str:
    """The behaviours' lengths in at most `buckets` ranges from the shortest to the
    longest, each with a bar."""
    low, top = f.lengths[0][0], f.lengths[-1][0]
    size = max(1, -(-(top - low + 1) // buckets))
    counts: dict[int, int] = {}
    for n, c in f.lengths:
        counts[(n - low) // size] = counts.get((n - low) // size, 0) + c
    most = max(counts.values())
    lines = []
    for b in range((top - low) // size + 1):
        lo, hi = low + b * size, min(top, low + b * size + size - 1)
        span = f"{lo}" if lo == hi else f"{lo}-{hi}"
        c = counts.get(b, 0)
        bar = "#" * max(1 if c else 0, round(BAR * c / most))
        lines.append(f"    {span:>9}  {c:>7,}  {bar}".rstrip() + "\n")
    return "".join(lines)
