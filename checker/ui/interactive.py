"""`checker trace show -i`: step through a trace in a plain terminal.

The terminal is put in cbreak mode (keys arrive one by one, unechoed; Ctrl-C still
interrupts) on the alternate screen, and restored on the way out, whatever happens. Each
key redraws the whole screen: the current state's panel (scrollable when taller than the
screen), then a status line. The key map is in `checker.ui.keys`.
"""

from __future__ import annotations

import io
import os
import select
import shutil
import termios
import tty
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Literal, TextIO

from rich.console import Console
from rich.text import Text

from checker.traces import Trace
from checker.ui.keys import HELP, View, decode_keys, incomplete_escape, press
from checker.ui.render import ShowOptions, header, step_panel

_ENTER_SCREEN = "\x1b[?1049h\x1b[?25l"
_LEAVE_SCREEN = "\x1b[?25h\x1b[?1049l"
HOME_CLEAR = "\x1b[H\x1b[2J"


def run_interactive(trace: Trace, opts: ShowOptions, start: int, fd_in: int, out: TextIO) -> None:
    """Show `trace` from state `start` (0-based) until the user quits."""
    view = View(index=start, count=len(trace.steps), all_vars=opts.all_vars)
    view = replace(view, variables=opts.variables)
    colours = Console(file=out).color_system
    with cbreak(fd_in), alternate_screen(out):
        try:
            while not view.done:
                view = draw(trace, view, out, colours)
                view = _next_view(view, fd_in, trace.variables)
        except KeyboardInterrupt:  # Ctrl-C quits, wherever it comes
            pass


def _next_view(view: View, fd_in: int, names: tuple[str, ...]) -> View:
    """The view after the next keys; unchanged if the terminal is resized meanwhile (so
    that the screen is redrawn to its new size)."""
    keys = read_keys(fd_in)
    if keys is None:
        return replace(view, done=True)
    for key in keys:
        view = press(view, key, names)
    return view


def read_keys(fd_in: int) -> list[str] | None:
    """The next keys typed (none if the terminal is resized meanwhile, so that the
    screen is redrawn to its new size); None at the end of the input."""
    size = terminal_size(fd_in)
    while not select.select([fd_in], [], [], 0.25)[0]:
        if terminal_size(fd_in) != size:
            return []
    data = os.read(fd_in, 64)
    while data and incomplete_escape(data) and select.select([fd_in], [], [], 0.05)[0]:
        data += os.read(fd_in, 64)
    if not data:
        return None
    return decode_keys(data)


def terminal_size(fd: int) -> os.terminal_size:
    """The terminal's own size (not $COLUMNS/$LINES, which a resize leaves stale)."""
    try:
        return os.get_terminal_size(fd)
    except OSError:
        return shutil.get_terminal_size()


@contextmanager
def cbreak(fd: int) -> Iterator[None]:
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSAFLUSH, saved)


@contextmanager
def alternate_screen(out: TextIO) -> Iterator[None]:
    out.write(_ENTER_SCREEN)
    out.flush()
    try:
        yield
    finally:
        out.write(_LEAVE_SCREEN)
        out.flush()


def draw(trace: Trace, view: View, out: TextIO, colours: str | None) -> View:
    """Write one screen; returns the view with its scroll clamped to the panel."""
    size = terminal_size(out.fileno())
    top = rendered(header(trace), size.columns, colours)[:1]
    body = panel_lines(trace, view, size.columns, colours)
    height = max(1, size.lines - 3)
    scroll = min(view.scroll, max(0, len(body) - height))
    shown = body[scroll : scroll + height]
    shown += [""] * (height - len(shown))
    status = status_lines(trace, view, size.columns, len(body) > height, colours)
    out.write(HOME_CLEAR + "\n".join(top + shown + status))
    out.flush()
    return replace(view, scroll=scroll)


def panel_lines(trace: Trace, view: View, width: int, colours: str | None) -> list[str]:
    """The current state's panel as terminal lines (with escape codes)."""
    opts = ShowOptions(view.all_vars, view.variables, width - 4)
    return rendered(step_panel(trace, view.index, opts), width, colours)


def rendered(renderable: object, width: int, colours: str | None) -> list[str]:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=colours is not None,
        color_system=_colour_system(colours),
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(renderable)
    return buffer.getvalue().rstrip("\n").split("\n")


Colours = Literal["standard", "256", "truecolor"]


def _colour_system(name: str | None) -> Colours | None:
    systems: dict[str | None, Colours] = {
        "standard": "standard",
        "256": "256",
        "truecolor": "truecolor",
    }
    return systems.get(name)


def status_lines(
    trace: Trace, view: View, width: int, scrollable: bool, colours: str | None
) -> list[str]:
    """The two bottom lines: where we are, and the prompt, message or key help."""
    where = Text(f" State {view.index + 1}/{view.count} ", style="reverse bold")
    where.append(f" {'all variables' if view.all_vars else 'changed only'}", style="dim")
    if view.variables:
        where.append(" · " + " ".join(view.variables), style="cyan")
    if scrollable:
        where.append(" · ↑↓ to scroll", style="dim")
    if view.prompt == "jump":
        bottom = Text(f"Go to state (1-{view.count}): {view.buffer}▏")
    elif view.prompt == "filter":
        bottom = Text(f"Variables (names or parts, empty for all): {view.buffer}▏")
    else:
        bottom = Text(view.message or HELP, style="yellow" if view.message else "dim")
    lines = []
    for text in (where, bottom):
        text.truncate(width - 1, overflow="ellipsis")
        lines.extend(rendered(text, width, colours))
    return lines
