"""`checker check --coverage` and `--coverage-html`: the flags, and the coverage table
printed after the statistics (NOTE(coverage) in checker/engine/coverage.py)."""

from __future__ import annotations

import argparse
from typing import TextIO

from checker.cli.table import write_table
from checker.engine.coverage import ActionCoverage, CoverageReport
from checker.engine.result import CheckResult
from checker.values.pretty import visible as escape_control


def add_coverage_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--coverage",
        action="store_true",
        help="count per action (each disjunct of Next): the states in which it was enabled, "
        "the successors it generated and the distinct states it found; list the actions "
        "that never fired (one worker)",
    )
    p.add_argument(
        "--coverage-html",
        metavar="PAGE",
        help="also write the coverage as a self-contained HTML page (implies --coverage)",
    )


def coverage_table(report: CoverageReport, out: TextIO, complete: bool = True) -> None:
    """The coverage table: Init, then each action, then those that never fired
    (`complete`: the search explored every reachable state)."""
    rows = [_cells(report.init), *(_cells(a) for a in report.actions)]
    head = ("action", "location", "enabled", "generated", "distinct")
    out.write(f"Coverage ({report.expanded:,} states expanded):\n")
    write_table(out, head, rows, right=(2, 3, 4))
    if not complete:
        out.write("  (the search stopped before the end: these are the states it explored)\n")
    dead = report.never_fired
    if dead:
        names = ", ".join(escape_control(a.name) for a in dead)
        out.write(f"  never fired: {names}\n")
    else:
        out.write("  every action fired\n")


def _cells(a: ActionCoverage) -> tuple[str, str, str, str, str]:
    return (
        escape_control(a.name),
        escape_control(a.location),
        f"{a.enabled:,}",
        f"{a.generated:,}",
        f"{a.distinct:,}",
    )


def print_coverage(result: CheckResult, args: argparse.Namespace, out: TextIO) -> None:
    """After the verdict: the table, then the page (a verdict before files about it)."""
    if result.coverage is None:
        return
    coverage_table(result.coverage, out, result.verdict == "ok")
    if args.coverage_html:
        from checker.ui.coverage_html import write_page

        written = write_page(result.coverage, args.coverage_html, result.spec, result.verdict)
        out.write(f"  coverage page written to {escape_control(str(written))}\n")
