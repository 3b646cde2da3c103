"""Plain-text rendering of a trace (for terminals without rich, logs and CI output)."""

from __future__ import annotations

from checker.traces.trace import Trace
from checker.values import shown


def format_trace(trace: Trace, *, only_changed: bool = False, width: int = 100) -> str:
    """Each state numbered from 1, with its action; changed variables marked with `*`."""
    lines: list[str] = []
    for i, step in enumerate(trace.steps):
        action = step.action or "Initial predicate"
        lines.append(f"State {i + 1}: <{action}>")
        changed = set(trace.changed(i)) if i else set()
        for name, value in zip(trace.variables, step.state, strict=True):
            if only_changed and i and name not in changed:
                continue
            mark = "*" if name in changed else " "
            lines.append(_clip(f"{mark} /\\ {name} = {shown(value)}", width))
        lines.append("")
    if trace.loop is not None:  # a lasso: how it goes on forever (TLC's words)
        if trace.loop == len(trace.steps) - 1 and trace.back is None:
            lines.append(f"State {len(trace.steps) + 1}: Stuttering")
        else:
            lines.append(f"Back to state {trace.loop + 1}: <{trace.back or 'a step'}>")
        lines.append("")
    return "\n".join(lines)


def _clip(line: str, width: int) -> str:
    if width <= 0 or len(line) <= width:
        return line
    return line[: width - 3] + "..."
