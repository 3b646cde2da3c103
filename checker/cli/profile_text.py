"""`checker check --profile` and `--profile-json`: the flags, the table printed after
the statistics, and the JSON file (NOTE(profile-probes) in checker/compile/probes.py)."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from checker.cli.table import write_table
from checker.engine.profile_report import ProfileReport
from checker.engine.result import CheckResult
from checker.files import write_output
from checker.values.pretty import visible

TOP_SPANS = 10  # the applications shown at the terminal (the JSON has them all)


def add_profile_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--profile",
        action="store_true",
        help="count and time Next, Init, each invariant and each action-level operator "
        "applied (inclusive and self seconds, calls), and show the slowest applications "
        "(one worker)",
    )
    p.add_argument(
        "--profile-json",
        metavar="FILE",
        help="also write the profile as JSON to FILE (implies --profile)",
    )


def profiling(args: argparse.Namespace) -> bool:
    return bool(args.profile or args.profile_json is not None)


def profile_table(report: ProfileReport, out: TextIO) -> None:
    total = report.search_seconds
    out.write(
        f"Profile ({total:.2f} s of search; times inclusive, self = minus the rows inside):\n"
    )
    if report.timed_every > 1:
        out.write(
            f"  calls exact; operators and invariants: one call in {report.timed_every} "
            "timed, their times estimated from those\n"
        )
    head = ("kind", "name", "calls", "time s", "self s", "% search", "defined at")
    body: list[tuple[str, ...]] = [
        (
            r.kind,
            visible(r.name),
            f"{r.calls:,}",
            f"{r.seconds:.3f}",
            f"{r.self_seconds:.3f}",
            f"{100 * r.seconds / total:.1f}" if total > 0 else "-",
            visible(r.location),
        )
        for r in report.rows
    ]
    write_table(out, head, body, right=(2, 3, 4, 5))
    if not report.spans:
        return
    out.write(f"Slowest applications (top {min(TOP_SPANS, len(report.spans))}):\n")
    spans: list[tuple[str, ...]] = [
        (
            visible(s.name),
            visible(s.inside),
            f"{s.calls:,}",
            f"{s.seconds:.3f}",
            visible(s.location),
        )
        for s in report.spans[:TOP_SPANS]
    ]
    write_table(out, ("operator", "applied in", "calls", "time s", "at"), spans, right=(2, 3))


def print_profile(result: CheckResult, args: argparse.Namespace, out: TextIO) -> None:
    """After the verdict: the table, then the JSON file (a verdict before files about it)."""
    if result.profile is None:
        return
    profile_table(result.profile, out)
    if args.profile_json:
        text = json.dumps({"spec": result.spec, **result.profile.to_json()}, indent=1)
        written = write_output(args.profile_json, text + "\n", "the profile")
        out.write(f"  profile written to {visible(str(written))}\n")
