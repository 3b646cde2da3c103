"""Rich renderables for traces: one panel per state, with nested diffs of what changed.

Every piece of text from the trace goes into `rich.text.Text` objects, never through
rich's markup parser, so a value or an action label containing `[bold]` or escape
sequences is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text

from checker.traces import Trace
from checker.traces.trace import error_words
from checker.ui.diff import Changed, Diff, FcnDiff, SetDiff, compress, diff, path_text, summary
from checker.ui.frame import Frame
from checker.values import Value
from checker.values.pretty import pretty, visible

ADDED, REMOVED, DIM, NAME = "green", "red", "dim", "bold"
_SYNTAX = (
    (re.compile(r'"(?:[^"\\]|\\.)*"'), "yellow"),
    (re.compile(r"\b(?:TRUE|FALSE)\b"), "magenta"),
    (re.compile(r"(?<![\w.])-?\d+\b"), "cyan"),
    (re.compile(r"\|->|:>|@@"), "dim"),
)


@dataclass(frozen=True)
class ShowOptions:
    """What to show of each state."""

    all_vars: bool = False  # unchanged variables too
    variables: tuple[str, ...] = ()  # only these (all when empty)
    width: int = 100  # for breaking long values over lines


def tla_text(source: str, style: str = "") -> Text:
    """TLA+ value text with light syntax colouring."""
    text = Text(source, style=style)
    for pattern, colour in _SYNTAX:
        text.highlight_regex(pattern, colour)
    return text


def header(trace: Trace) -> Text:
    """One line on the whole trace: spec, verdict, length."""
    text = Text("Trace", style=NAME)
    if trace.spec:
        text.append(f" of {trace.spec}", style=NAME)
    if trace.violated:
        what = f"{trace.kind} " if trace.kind and trace.kind != trace.violated.lower() else ""
        text.append(f": {what}{trace.violated} violated", style="bold red")
    elif trace.kind == "error":  # the behaviour to an evaluation error (NOTE(error-trace))
        text.append(f": {visible(error_words(trace))}", style="bold red")
    n = len(trace.steps)
    if trace.loop is not None:
        text.append(f" (a lasso: {n} states, then forever round from State {trace.loop + 1})")
        return text
    text.append(f" ({n} state{'s' if n != 1 else ''}, {trace.length} steps)", style=DIM)
    return text


def step_title(trace: Trace, index: int) -> Text:
    action = trace.steps[index].action or ("Initial predicate" if index == 0 else "?")
    title = Text(f"State {index + 1}", style=NAME)
    title.append(" · ", style=DIM)
    title.append(visible(action), style="cyan")
    return title


def step_panel(trace: Trace, index: int, opts: ShowOptions) -> Frame:
    """The panel of state `index` (0-based)."""
    lines = state_lines(trace, index, opts)
    last = index == len(trace.steps) - 1 and trace.violated is not None
    subtitle = Text(f"violates {trace.violated}", style="bold red") if last else None
    return Frame(step_title(trace, index), lines, subtitle, "red" if last else "blue")


def state_lines(trace: Trace, index: int, opts: ShowOptions) -> list[Text]:
    """The body of a state's panel: diffs of changed variables (and the others if
    `all_vars`), in the trace's variable order, filtered by `opts.variables`."""
    lines: list[Text] = []
    for pos, name in enumerate(trace.variables):
        if opts.variables and name not in opts.variables:
            continue
        new = trace.steps[index].state[pos]
        old = trace.steps[index - 1].state[pos] if index else new
        if index and old != new:
            lines.extend(variable_diff(name, old, new, opts.width))
        elif opts.all_vars or index == 0:
            style = DIM if index else ""
            lines.append(_assignment(name, new, opts.width, style))
    if not lines:
        lines.append(Text(_nothing(trace, index, opts), style=DIM))
    return lines


def _nothing(trace: Trace, index: int, opts: ShowOptions) -> str:
    if not trace.changed(index):
        return "no variable changed (stuttering step)"
    return "no change in the variables shown (use --all or another --var)"


def _assignment(name: str, value: Value, width: int, style: str) -> Text:
    text = Text(visible(name), style=f"{NAME} {style}".strip())
    text.append(" = ", style=style)
    text.append_text(tla_text(pretty(value, width, len(name) + 3), style))
    return text


def variable_diff(name: str, old: Value, new: Value, width: int) -> list[Text]:
    """The lines showing how variable `name` changed from `old` to `new`."""
    d = diff(old, new)
    head = Text(visible(name), style=NAME)
    if isinstance(d, Changed):
        return _changed_lines(head, d, width, 0)
    head.append(f"  ({summary(d)})", style=DIM)
    return [head, *_diff_lines(d, width, 2)]


def _changed_lines(head: Text, d: Changed, width: int, indent: int) -> list[Text]:
    """`head old → new` on one line when it fits, else old and new on lines of their own."""
    old, new = pretty(d.old, 10**6), pretty(d.new, 10**6)
    if indent + len(head) + len(old) + len(new) + 4 <= width:
        line = Text(" " * indent).append_text(head)
        line.append(" " + old, style=REMOVED).append(" → ", style=DIM)
        return [line.append(new, style=ADDED)]
    pad = " " * (indent + 2)
    return [
        Text(" " * indent).append_text(head),
        Text(pad + "- " + pretty(d.old, width, indent + 4), style=REMOVED),
        Text(pad + "+ " + pretty(d.new, width, indent + 4), style=ADDED),
    ]


def _diff_lines(d: Diff, width: int, indent: int) -> list[Text]:
    if isinstance(d, SetDiff):
        return [
            *_elements("+ ", d.added, ADDED, width, indent),
            *_elements("- ", d.removed, REMOVED, width, indent),
            *_kept(d.kept, indent),
        ]
    if isinstance(d, FcnDiff):
        return _fcn_lines(d, width, indent)
    return []


def _elements(
    mark: str, values: Sequence[Value], style: str, width: int, indent: int
) -> list[Text]:
    pad = " " * indent
    return [Text(pad + mark + pretty(v, width, indent + 2), style=style) for v in values]


def _kept(kept: int, indent: int) -> list[Text]:
    return [Text(" " * indent + f"… {kept} unchanged", style=DIM)] if kept else []


def _fcn_lines(d: FcnDiff, width: int, indent: int) -> list[Text]:
    lines: list[Text] = []
    for key, child in d.changed:
        path, leaf = compress(key, child)
        head = Text(visible(path_text(path)) + ":", style=NAME)
        if isinstance(leaf, Changed):
            lines.extend(_changed_lines(head, leaf, width, indent))
        else:
            head.append(f" ({summary(leaf)})", style=DIM)
            lines.append(Text(" " * indent).append_text(head))
            lines.extend(_diff_lines(leaf, width, indent + 2))
    pad = " " * indent
    for mark, entries, style in (("+ ", d.added, ADDED), ("- ", d.removed, REMOVED)):
        for key, value in entries:
            prefix = f"{pad}{mark}{key.text()}: "
            lines.append(Text(prefix + pretty(value, width, len(prefix)), style=style))
    return lines + _kept(d.kept, indent)


def trace_renderables(
    trace: Trace, opts: ShowOptions, indices: Sequence[int] | None = None
) -> Iterator[RenderableType]:
    """The header and the panels of the chosen states (all by default), and for a lasso
    how it goes on forever."""
    yield header(trace)
    for index in range(len(trace.steps)) if indices is None else indices:
        yield step_panel(trace, index, opts)
    if trace.loop is not None:
        yield loop_line(trace)


def loop_line(trace: Trace) -> Text:
    """`↺ back to state k (by A)` or `↺ stuttering forever` after a lasso's last state."""
    if trace.loop == len(trace.steps) - 1 and trace.back is None:
        return Text(f"↺ State {len(trace.steps)} stutters forever", style="bold magenta")
    assert trace.loop is not None
    text = Text(f"↺ back to State {trace.loop + 1}", style="bold magenta")
    if trace.back is not None:
        text.append(" · ", style=DIM)
        text.append(visible(trace.back), style="cyan")
    return text
