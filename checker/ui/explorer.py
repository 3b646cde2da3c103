"""`checker explore SPEC`: walk a model's state space in the terminal.

The screen, redrawn after each key (the terminal handling is the trace viewer's,
ui/interactive.py): a header line; the state shown, as the trace viewer's panel of the
line of states so far (the same nested diffs against the previous state, and the
invariant it violates on its border); the moves from it (ui/explorer_keys.py picks one);
the last result (an evaluated expression, a message, a diagnostic); the status line and
the key help or a prompt.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.text import Text

from checker.diagnostics import CheckerError, Diagnostic, format_diagnostic
from checker.engine.seam import State
from checker.explorer.evaluate import evaluate
from checker.explorer.files import foreign_warning, load_trace, save_trace, trace_file_and_state
from checker.explorer.session import Move, Moves, Session
from checker.ui.diff import Changed, FcnDiff, compress, diff, path_text, summary
from checker.ui.explorer_keys import (
    HELP,
    PROMPTS,
    Back,
    Command,
    Evaluate,
    ExplorerView,
    Filter,
    Forward,
    Jump,
    Load,
    Save,
    Take,
    press,
)
from checker.ui.interactive import (
    HOME_CLEAR,
    alternate_screen,
    cbreak,
    read_keys,
    rendered,
    terminal_size,
)
from checker.ui.keys import match_variables
from checker.ui.render import DIM, NAME, ShowOptions, step_panel, tla_text
from checker.values import Value
from checker.values.pretty import pretty, visible

RESULT_LINES = 10  # at most this many lines of a result are shown


@dataclass(frozen=True)
class Screen:
    """What the loop keeps between keys: the view and the last result's lines."""

    view: ExplorerView
    result: tuple[Text, ...] = ()


def run_explorer(session: Session, save_to: Path, fd_in: int, out: TextIO) -> None:
    """Explore until the user quits; `save_to`: the file `s` offers by default."""
    screen = Screen(ExplorerView())
    colours = Console(file=out).color_system
    with cbreak(fd_in), alternate_screen(out):
        try:
            while not screen.view.done:
                size = terminal_size(out.fileno())
                screen = draw(session, screen, out, colours, size.columns, size.lines)
                keys = read_keys(fd_in)
                if keys is None:
                    break
                for key in keys:
                    screen = apply_key(session, screen, key, save_to)
        except KeyboardInterrupt:  # Ctrl-C quits, wherever it comes
            pass


def apply_key(session: Session, screen: Screen, key: str, save_to: Path) -> Screen:
    """The screen after `key`, the session moved as it asks."""
    moves = session.moves()
    view, command = press(screen.view, key, len(moves.moves))
    if command is None:
        return replace(screen, view=view)
    result = carry_out(session, command, save_to)
    if isinstance(command, Filter):
        return _filtered(session, replace(screen, view=view), command.text)
    if isinstance(command, (Take, Back, Forward, Jump, Load)):
        view = replace(view, selected=0, scroll=0)
    return Screen(view, result)


def carry_out(session: Session, command: Command, save_to: Path) -> tuple[Text, ...]:
    """Do what `command` asks of the session; the lines telling how it went."""
    if isinstance(command, Take):
        session.take(command.index)
        return ()
    if isinstance(command, Back):
        return () if session.back() else (_note("this is the start: nothing before it"),)
    if isinstance(command, Forward):
        return () if session.forward() else (_note("the line goes no further: choose a move"),)
    if isinstance(command, Jump):
        return _jump(session, command.text)
    if isinstance(command, Evaluate):
        return _evaluate(session, command.text)
    if isinstance(command, Load):
        return _load(session, command.text)
    if isinstance(command, Save):
        return _save(session, command.text, save_to)
    if isinstance(command, Filter):
        return ()
    return (_note(f"unknown key {command.key!r}: {HELP}"),)


def _jump(session: Session, text: str) -> tuple[Text, ...]:
    word = text.strip().lstrip("#")
    on_line = word.startswith("@")
    digits = word.lstrip("@")
    limit = len(session.line) if on_line else len(session.states)
    if not digits.isdigit() or not 1 <= int(digits) <= limit:
        what = f"state @{digits} on the line" if on_line else f"state #{digits} seen"
        return (_note(f"no {what}: give a number from 1 to {limit}"),)
    if on_line:
        session.go(int(digits) - 1)
    else:
        session.jump(int(digits) - 1)
    return ()


def _evaluate(session: Session, text: str) -> tuple[Text, ...]:
    current = session.current
    if current is None:
        return (_note("no state yet: choose an initial state first"),)
    found = evaluate(session.model, text, session.state(current.id), session.cursor + 1)
    if found.error is not None:
        return _diagnostic(found.error)
    head = Text().append(visible(text.strip()), style=NAME)
    head.append(" = ", style=DIM)
    head.append_text(tla_text(pretty(found.value, 100, len(text.strip()) + 3)))
    return tuple(head.split("\n"))


def _load(session: Session, text: str) -> tuple[Text, ...]:
    try:
        path, state = trace_file_and_state(text)
        trace = load_trace(session.model, path)
        position = len(trace.steps) - 1 if state is None else state
        if not 0 <= position < len(trace.steps):
            raise CheckerError(
                (Diagnostic("E502", f"no state {position + 1}: the trace has {len(trace.steps)}"),)
            )
    except CheckerError as exc:
        return _diagnostic(exc.diagnostics[0])
    warning = foreign_warning(session.model, trace, path)
    session.follow(trace, position)
    opened = _note(f"opened {path} ({len(trace.steps)} states), at state {position + 1}")
    return (opened, *(_diagnostic(warning) if warning else ()))


def _save(session: Session, text: str, save_to: Path) -> tuple[Text, ...]:
    if not session.line:
        return (_note("nothing to save yet: choose an initial state first"),)
    target = Path(text.strip()) if text.strip() else save_to
    try:
        written = save_trace(session.trace(), target)
    except CheckerError as exc:
        return _diagnostic(exc.diagnostics[0])
    return (_note(f"saved the line ({len(session.line)} states) to {written}"),)


def _filtered(session: Session, screen: Screen, text: str) -> Screen:
    chosen: list[str] = []
    for word in text.replace(",", " ").split():
        found = match_variables(word, session.variables)
        if not found:
            return replace(screen, result=(_note(f"no variable matches `{word}`"),))
        chosen.extend(n for n in found if n not in chosen)
    ordered = tuple(n for n in session.variables if n in chosen)
    return Screen(replace(screen.view, variables=ordered, scroll=0))


def _note(message: str) -> Text:
    return Text(visible(message), style="yellow")


def _diagnostic(diag: Diagnostic) -> tuple[Text, ...]:
    lines = format_diagnostic(diag).splitlines()
    style = "red" if diag.severity == "error" else "yellow"
    return tuple(Text(visible(line), style=style) for line in lines)


# -- drawing ----------------------------------------------------------------------------


def draw(
    session: Session, screen: Screen, out: TextIO, colours: str | None, width: int, height: int
) -> Screen:
    """Write one screen; returns it with the view's scroll clamped to the panel. The
    moves get at least a third of the screen (or all they need), the panel the rest,
    and the moves whatever the panel leaves."""
    height = max(8, height)
    moves = session.moves()
    move_lines = moves_lines(session, moves, screen.view.selected)
    result = list(screen.result[:RESULT_LINES])
    if len(screen.result) > RESULT_LINES:  # said, never cut silently
        hidden = len(screen.result) - RESULT_LINES + 1
        result[-1] = Text(f"… {hidden} more lines", style=DIM)
    room = max(4, height - 3 - len(result))  # below the header, above the status
    body = panel_lines(session, screen.view, width, colours)
    panel = max(3, min(len(body), room - min(len(move_lines), max(4, room // 3))))
    listed = _window(move_lines, screen.view.selected, room - panel)
    scroll = min(screen.view.scroll, max(0, len(body) - panel))
    lines = [*rendered(header_line(session), width, colours)[:1], *body[scroll : scroll + panel]]
    for text in (*listed, *result):
        text.truncate(width - 1, overflow="ellipsis")
        lines.extend(rendered(text, width, colours)[:1])
    lines = lines[: height - 2]
    lines += [""] * (height - 2 - len(lines))
    lines.extend(_status(session, screen.view, width, colours, len(body) > panel))
    out.write(HOME_CLEAR + "\n".join(lines))
    out.flush()
    return replace(screen, view=replace(screen.view, scroll=scroll))


def header_line(session: Session) -> Text:
    text = Text(f"Explore {session.model.name}", style=NAME)
    current = session.current
    if current is None:
        text.append(" · choose an initial state", style="cyan")
    else:
        text.append(f" · state {session.cursor + 1} of {len(session.line)} on the line")
        text.append(f" · #{current.id + 1}", style="cyan")
    text.append(f" · {len(session.states)} seen", style=DIM)
    return text


def panel_lines(session: Session, view: ExplorerView, width: int, colours: str | None) -> list[str]:
    """The state shown as the trace viewer's panel (diffs against the state before it on
    the line), its violation on the border; a line saying so when it is outside the
    model."""
    if session.current is None:
        return []
    status = session.status(session.cursor)
    trace = session.trace()
    trace = replace(trace, steps=trace.steps[: session.cursor + 1], violated=status.violated)
    opts = ShowOptions(view.all_vars, view.variables, width - 4)
    lines = rendered(step_panel(trace, session.cursor, opts), width, colours)
    if status.error is not None:
        lines += [rendered(t, width, colours)[0] for t in _diagnostic(status.error)]
    elif not status.in_model:
        note = Text("outside the model: a CONSTRAINT or ACTION_CONSTRAINT excludes it", "yellow")
        lines += rendered(note, width, colours)
    return lines


def moves_lines(session: Session, moves: Moves, selected: int) -> list[Text]:
    """The list of moves, the chosen one marked; or why there are none."""
    count = len(moves.moves)
    what = ("initial state" if session.current is None else "move") + ("" if count == 1 else "s")
    head = Text(f"{count} {what}", style=NAME)
    if moves.error is not None:
        return [head, *_diagnostic(moves.error)]
    if not moves.moves:
        why = "deadlock: no successor" if moves.deadlock else "no successor (no deadlock check)"
        return [head, Text("  " + why, style="bold red" if moves.deadlock else "yellow")]
    current = session.current
    source = None if current is None else session.state(current.id)
    lines = [head]
    for i, move in enumerate(moves.moves):
        lines.append(_move_line(i, move, i == selected, session.variables, source))
    return lines


def _move_line(
    index: int, move: Move, chosen: bool, names: tuple[str, ...], source: State | None
) -> Text:
    line = Text().append(" ▶ " if chosen else "   ", style="bold cyan")
    line.append(f"{index + 1:>2} " if index < 9 else "   ", style=DIM)
    line.append(visible(move.label), style="reverse cyan" if chosen else "cyan")
    if move.violated is not None:
        line.append(f"  violates {visible(move.violated)}", style="bold red")
    if not move.in_model:
        line.append("  outside the model", style="yellow")
    if move.seen is not None:
        line.append(f"  → #{move.seen + 1}", style=DIM)
    line.append("  ")
    if source is None:
        line.append(visible(one_line(names, move.state)), style=DIM)
    elif not move.changed:
        line.append("no change (stuttering)", style=DIM)
    else:
        line.append(visible(change_words(names, source, move.state)))
    return line


def change_words(names: tuple[str, ...], old: State, new: State) -> str:
    """What a step changes, in a few words: `maxBal[a1]: -1 → 0, msgs +1`."""
    words = []
    for name, a, b in zip(names, old, new, strict=True):
        d = diff(a, b)
        if isinstance(d, Changed):
            words.append(f"{name}: {_short(d.old)} → {_short(d.new)}")
            continue
        if isinstance(d, FcnDiff) and len(d.changed) == 1 and not d.added and not d.removed:
            path, leaf = compress(*d.changed[0])
            if isinstance(leaf, Changed):
                words.append(f"{name}{path_text(path)}: {_short(leaf.old)} → {_short(leaf.new)}")
                continue
        if summary(d):
            words.append(f"{name} {summary(d)}")
    return ", ".join(words)


def one_line(names: tuple[str, ...], state: State) -> str:
    """A state on one line: `x = 1, y = {}`."""
    return ", ".join(f"{n} = {_short(v, 40)}" for n, v in zip(names, state, strict=True))


def _short(v: Value, limit: int = 24) -> str:
    text = pretty(v, 10**6)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _window(lines: list[Text], selected: int, room: int) -> list[Text]:
    """The head line and as many moves as fit, the chosen one among them."""
    room = max(2, room)
    if len(lines) <= room:
        return lines
    first = max(0, min(selected - (room - 1) // 2, len(lines) - room))
    return [lines[0], *lines[1 + first : first + room]]


def _status(
    session: Session, view: ExplorerView, width: int, colours: str | None, scrollable: bool
) -> list[str]:
    where = Text(f" {'all variables' if view.all_vars else 'changed only'} ", style="reverse")
    if view.variables:
        where.append(" · " + " ".join(view.variables), style="cyan")
    if scrollable:
        where.append(" · PgUp/PgDn to scroll", style=DIM)
    if view.prompt is not None:
        bottom = Text(PROMPTS[view.prompt] + view.buffer + "▏")
    else:
        bottom = Text(HELP, style=DIM)
    lines = []
    for text in (where, bottom):
        text.truncate(width - 1, overflow="ellipsis")
        lines.extend(rendered(text, width, colours)[:1])
    return lines
