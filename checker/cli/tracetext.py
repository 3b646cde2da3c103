"""A counterexample for the terminal: cut to its width, or whole with --full
(NOTE(value-cuts) in traces/text.py); the flags saying where counterexamples are written
and which PROPERTY definitions are checked, shared by the commands."""

from __future__ import annotations

import argparse
import shutil

from checker.traces.text import format_trace
from checker.traces.trace import Trace


def add_full_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--full",
        action="store_true",
        help="show the counterexample's values whole (broken over lines with their "
        "nesting) instead of cut to the terminal's width",
    )


def add_trace_file_flags(p: argparse.ArgumentParser, default: str) -> None:
    """Where counterexamples go: --trace-dir DIR, or nowhere with --no-trace-file."""
    p.add_argument(
        "--trace-dir",
        default=default,
        help=f"where counterexamples are written (default: {default}/)",
    )
    p.add_argument("--no-trace-file", action="store_true", help="write no counterexample file")


def add_property_flag(p: argparse.ArgumentParser) -> None:
    """`--property NAME` (repeatable): these PROPERTY definitions instead of the config's."""
    p.add_argument(
        "--property",
        action="append",
        metavar="NAME",
        dest="properties",
        help="check this PROPERTY (a definition of the spec) instead of the config's "
        "PROPERTY lines; repeat for several",
    )


def trace_text(trace: Trace, full: bool) -> str:
    """The trace at the terminal's width (120 columns when the output is not a terminal;
    COLUMNS overrides)."""
    width = shutil.get_terminal_size((120, 24)).columns
    return format_trace(trace, width=max(40, width), full=full)


def violated_words(prop: str, kind: str) -> str:
    """A verdict's words, as every command says them ("Invariant Inv is violated")."""
    return {
        "deadlock": "Deadlock reached",
        "liveness": f"Temporal property {prop} is violated",
        "action": f"Action property {prop} is violated",
        "property": f"Property {prop} is violated by an initial state",
    }.get(kind, f"Invariant {prop} is violated")
