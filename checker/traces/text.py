"""Plain-text rendering of a trace (for terminals without rich, logs and CI output).

NOTE(value-cuts): a value is shown on one line, cut at the terminal's width; a cut line
ends with how many characters it hides (`... (+812 chars)`) and the trace ends with how
to see them (`--full`). With `full`, every value is shown whole, broken over several
lines with its nesting when it does not fit (values/pretty.py). Nothing is cut silently.
"""

from __future__ import annotations

from checker.traces.trace import Trace
from checker.values.pretty import pretty, render

FULL_HINT = "(values cut to the width: --full shows them whole)"


def format_trace(
    trace: Trace, *, only_changed: bool = False, width: int = 100, full: bool = False
) -> str:
    """Each state numbered from 1, with its action; changed variables marked with `*`."""
    lines: list[str] = []
    cut = False
    for i, step in enumerate(trace.steps):
        action = step.action or "Initial predicate"
        lines.append(f"State {i + 1}: <{action}>")
        changed = set(trace.changed(i)) if i else set()
        for name, value in zip(trace.variables, step.state, strict=True):
            if only_changed and i and name not in changed:
                continue
            head = f"{'*' if name in changed else ' '} /\\ {name} = "
            if full:
                lines.append(head + pretty(value, width, len(head)))
                continue
            line, hidden = _clip(head + render(value), width)
            cut = cut or hidden
            lines.append(line)
        lines.append("")
    if trace.loop is not None:  # a lasso: how it goes on forever (TLC's words)
        if trace.loop == len(trace.steps) - 1 and trace.back is None:
            lines.append(f"State {len(trace.steps) + 1}: Stuttering")
        else:
            lines.append(f"Back to state {trace.loop + 1}: <{trace.back or 'a step'}>")
        lines.append("")
    if cut:
        lines.append(FULL_HINT)
        lines.append("")
    return "\n".join(lines)


def _clip(line: str, width: int) -> tuple[str, bool]:
    """The line cut to `width`, saying how much it hides."""
    if width <= 0 or len(line) <= width:
        return line, False
    keep = max(20, width - 20)
    return f"{line[:keep]}... (+{len(line) - keep:,} chars)", True
