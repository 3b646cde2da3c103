"""`checker check`: explore every reachable state of a model (breadth-first)."""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import TextIO

from checker.api import (
    DEFAULT_CHECKPOINT_EVERY_S,
    DEFAULT_FRONTIER_MB,
    DEFAULT_SEED,
    DEFAULT_TRACE_DIR,
    checkpoint_plan,
    load_within,
    memory_limit,
)
from checker.cli.args import duration, megabytes, model_arguments, positive, processes, seconds
from checker.cli.clusterflags import add_cluster_flags, cluster_of, cluster_rows, search
from checker.cli.coverage_text import add_coverage_flags, print_coverage
from checker.cli.main import (
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_LIMIT,
    EXIT_OK,
    EXIT_VIOLATION,
    print_diagnostics,
)
from checker.cli.paths import config_for
from checker.cli.profile_text import add_profile_flags, print_profile, profiling
from checker.cli.tracetext import (
    add_full_flag,
    add_property_flag,
    add_trace_file_flags,
    trace_text,
    violated_words,
)
from checker.diagnostics import format_diagnostic
from checker.engine.bfs import OUT_OF_MEMORY
from checker.engine.result import CheckResult, Options
from checker.ui.progress import ConsoleObserver

EXIT_BY_VERDICT = {
    "ok": EXIT_OK,
    "violation": EXIT_VIOLATION,
    "error": EXIT_INVALID,
    "limit": EXIT_LIMIT,
    "interrupted": EXIT_INTERRUPTED,
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check",
        help="explore every reachable state and check the invariants",
        description="Breadth-first search of every reachable state of the model. A "
        "violated invariant or a deadlock gives the shortest counterexample, printed and "
        "written as ITF JSON. Without --config, SPEC.cfg beside SPEC.tla is used; a .cfg "
        "may be given instead of the spec if it names its spec in a `\\* spec: PATH` "
        "comment.",
        epilog="exit codes: 0 all hold, 1 violation, 2 invalid input, evaluation error or "
        "a worker process killed or stopped from outside, 3 limit reached, 4 internal "
        "error, 130 interrupted",
    )
    model_arguments(p)
    p.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object (the result) as the last line of stdout",
    )
    p.add_argument(
        "--workers",
        "-w",
        type=processes,
        default=1,
        help="worker processes (default 1, at most 256, or auto: one per core); results are "
        "identical for any N",
    )
    p.add_argument("--max-states", type=positive, help="stop after this many distinct states")
    p.add_argument("--max-depth", type=positive, help="do not explore beyond this depth")
    p.add_argument("--time-limit", type=seconds, help="stop after this many seconds")
    p.add_argument(
        "--memory-limit",
        type=megabytes,
        metavar="MB",
        help="stop (exit 3, with the statistics so far) when the checker's processes hold "
        "more than this much memory (default: 80%% of the memory available when the check "
        "starts, or of the container's limit if smaller)",
    )
    p.add_argument(
        "--frontier-memory",
        type=megabytes,
        default=DEFAULT_FRONTIER_MB,
        metavar="MB",
        help="memory for the queue of states to explore (encoded); beyond it the queue is "
        f"spilled to a temporary directory (default {DEFAULT_FRONTIER_MB:g})",
    )
    p.add_argument(
        "--checkpoint",
        metavar="DIR",
        help="save the search to DIR between two levels (see --checkpoint-every), to "
        "continue it with --resume DIR after a crash, a kill or a limit",
    )
    p.add_argument(
        "--checkpoint-every",
        type=duration,
        default=DEFAULT_CHECKPOINT_EVERY_S,
        metavar="DURATION",
        help="at most one checkpoint per DURATION (e.g. 30s, 10m, 1h; 0: every level; "
        f"default {DEFAULT_CHECKPOINT_EVERY_S / 60:g}m)",
    )
    p.add_argument(
        "--resume",
        metavar="DIR",
        help="continue the search saved in DIR (same spec, config and checker version); "
        "the result is that of an uninterrupted run; checkpoints go on into DIR unless "
        "--checkpoint names another",
    )
    add_trace_file_flags(p, DEFAULT_TRACE_DIR)
    p.add_argument(
        "--no-symmetry",
        action="store_true",
        help="ignore the config's SYMMETRY: explore every state instead of one per orbit "
        "(to compare the counts, or to check a spec that is not symmetric)",
    )
    p.add_argument(
        "--no-deadlock",
        action="store_true",
        help="do not report states without successors (as CHECK_DEADLOCK FALSE; TLC's -deadlock)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    add_full_flag(p)
    p.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help="the seed of Randomization's and RandomElement's choices (default: "
        f"{DEFAULT_SEED}); the same seed gives the same result for any number of workers",
    )
    p.add_argument(
        "--liveness-every",
        type=positive,
        metavar="N",
        help="check temporal properties during the search too, whenever N more states were "
        "stored (between two levels), stopping at a violation; default: at the end only",
    )
    add_property_flag(p)
    add_coverage_flags(p)
    add_profile_flags(p)
    add_cluster_flags(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    spec, config = config_for(args.spec, args.config)
    # --json: the human report goes to stderr, and nowhere with --quiet too
    out: TextIO = sys.stdout
    if args.json:
        out = io.StringIO() if args.quiet else sys.stderr
    memory = memory_limit(args.memory_limit)
    cluster = cluster_of(args)  # --cluster: as many workers as partitions
    workers = cluster.partitions if cluster is not None else args.workers
    with ConsoleObserver(quiet=args.quiet) as observer:
        loaded = load_within(
            spec,
            config,
            args.time_limit,
            memory,
            observer.on_output,
            seed=args.seed,
            symmetry=not args.no_symmetry,
            workers=workers,
            properties=tuple(args.properties) if args.properties else None,
            deadlock=False if args.no_deadlock else None,
            profile=profiling(args),
        )
        if isinstance(loaded, CheckResult):  # a limit reached while loading
            result = loaded
        else:
            print_diagnostics(loaded.warnings)
            plan = checkpoint_plan(loaded, args.checkpoint, args.checkpoint_every, args.resume)
            out.write(
                f"Checking {loaded.name} ({spec}) with {config}: "
                f"{len(loaded.invariants)} invariant(s), {workers} worker(s), "
                f"seed {args.seed}\n"
            )
            out.flush()
            options = Options(
                workers,
                args.max_states,
                args.max_depth,
                args.time_limit,
                frontier_memory_mb=args.frontier_memory,
                checkpoint=plan,
                memory_limit_mb=memory,
                liveness_every=args.liveness_every,
                coverage=args.coverage or args.coverage_html is not None,
            )
            trace_dir = None if args.no_trace_file else args.trace_dir
            result = search(loaded, options, observer, trace_dir, args)
    report(result, out, args.full)
    print_coverage(result, args, out)
    print_profile(result, args, out)
    if args.json:
        sys.stdout.write(json.dumps({**result.to_json(), "seed": args.seed}) + "\n")
    return EXIT_BY_VERDICT[result.verdict]


def report(result: CheckResult, out: TextIO, full: bool = False) -> None:
    """The human-readable end of a run: verdict, counterexample, statistics."""
    v = result.violation
    if result.verdict == "ok":
        out.write("Model checking completed: no error found.\n")
    elif v is not None:
        out.write(f"Error: {violated_words(v.property, v.kind)}.\n")
        where = f", written to {v.trace_file}" if v.trace_file else ""
        out.write(f"Counterexample: {v.length} step(s){where}\n\n")
        out.write(trace_text(v.trace, full) + "\n")
        if v.trace_error is not None:  # after the verdict and the trace: nothing is lost
            out.flush()
            sys.stderr.write(format_diagnostic(v.trace_error) + "\n")
    elif result.verdict == "error" and result.error is not None:
        lost = result.error.code in ("E508", "E520")  # a worker or a partition lost
        out.write(
            "Error: the search could not finish.\n" if lost else "Error: evaluation failed.\n"
        )
        e = result.error_trace
        if e is not None:  # the behaviour to the failing state (NOTE(error-trace))
            where = f", written to {e.trace_file}" if e.trace_file else ""
            out.write(f"The behaviour up to the error: {e.length} step(s){where}\n\n")
            out.write(trace_text(e.trace, full) + "\n")
        out.flush()
        sys.stderr.write(format_diagnostic(result.error) + "\n")
        if e is not None and e.trace_error is not None:
            sys.stderr.write(format_diagnostic(e.trace_error) + "\n")
    elif result.verdict == "limit" and result.limit == OUT_OF_MEMORY:
        out.write(f"Stopped: {OUT_OF_MEMORY} before the end; explored so far:\n")
    elif result.verdict == "limit":
        out.write(f"Stopped: {result.limit} reached before the end; explored so far:\n")
    elif result.unwritten is not None:
        out.write(f"Error: {violated_words(*result.unwritten)}.\n")
        out.write("Interrupted before its counterexample was written (no file); explored so far:\n")
    else:
        out.write("Interrupted; explored so far:\n")
    _stats(result, out)


def _visited(r: CheckResult) -> str:
    """The visited set's table: its size for the states it holds (a small model's table
    is mostly empty: its bytes per state say little)."""
    total = r.bytes_per_state * r.distinct_states
    size = f"{total / 1024:,.1f} KiB" if total < 1024 * 1024 else f"{total / 1024**2:,.1f} MiB"
    return f"{size} for {r.distinct_states:,} states ({r.bytes_per_state:,.1f} bytes/state)"


def _stats(r: CheckResult, out: TextIO) -> None:
    rows = [
        ("distinct states", f"{r.distinct_states:,}"),
        ("generated states", f"{r.generated_states:,}"),
        ("depth", f"{r.depth}"),
        ("time", f"{r.elapsed_s:.2f} s ({r.states_per_s:,.0f} distinct states/s)"),
        ("visited set", _visited(r)),
        (
            "collision probability",
            f"{r.collision_probability:.1E} (optimistic), "
            f"{r.collision_probability_actual:.1E} (from the actual fingerprints)",
        ),
    ]
    if r.codegen is not None:  # NOTE(codegen-fallback)
        cg = r.codegen
        text = f"{cg.generated} of {cg.generated + len(cg.fallback_functions)} functions"
        if cg.runtime_fallbacks:
            text += f", {cg.runtime_fallbacks:,} runtime fallback(s): a bug, please report it"
        rows.append(("generated code", text))
    if r.liveness is not None:  # NOTE(graph-widths)
        g = r.liveness
        rows.append(
            (
                "behaviour graph",
                f"{g.graph_bytes / 1024:,.1f} KiB for {g.states:,} states and {g.steps:,} "
                f"transitions ({g.per_transition:,.1f} bytes/transition)",
            )
        )
    if r.symmetry is not None:  # NOTE(symmetry)
        size, moved = r.symmetry
        rows.append(("symmetry", f"{size:,} permutations of {{{', '.join(moved)}}}"))
    if r.cluster is not None:  # NOTE(transport)
        rows.extend(cluster_rows(r))
    if r.resumed_generation is not None:
        rows.append(("resumed from", f"checkpoint {r.resumed_generation}"))
    if r.checkpoint_dir is not None:
        rows.append(("checkpoints", f"{r.checkpoints_written} written to {r.checkpoint_dir}"))
    for name, value in rows:
        out.write(f"  {name:<22} {value}\n")
