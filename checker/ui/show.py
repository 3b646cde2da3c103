"""`checker trace show`: a trace as boxed panels on a terminal (or in a log)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.console import Console

from checker.traces import Trace
from checker.ui.render import ShowOptions, trace_renderables


def make_console(out: TextIO, width: int | None = None) -> Console:
    """A console that treats every string as plain text (no markup, no emoji codes)."""
    return Console(file=out, width=width, highlight=False, markup=False, emoji=False)


def print_trace(
    trace: Trace,
    out: TextIO,
    *,
    all_vars: bool = False,
    variables: Sequence[str] = (),
    indices: Sequence[int] | None = None,
    width: int | None = None,
) -> None:
    """Print the header and the panels of the chosen states (0-based; all by default)."""
    console = make_console(out, width)
    opts = ShowOptions(all_vars, tuple(variables), console.width - 4)
    for renderable in trace_renderables(trace, opts, indices):
        console.print(renderable)
