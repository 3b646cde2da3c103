"""The terminal explorer's key map, as a pure function (tested without a terminal).

    >>> v, cmd = press(ExplorerView(), "DOWN", 3)
    >>> v.selected, cmd
    (1, None)
    >>> press(v, "ENTER", 3)[1]
    Take(index=1)
    >>> v, _ = press(v, "e", 3)
    >>> v, _ = press(press(v, "1", 3)[0], "+", 3)
    >>> press(press(v, "1", 3)[0], "ENTER", 3)[1]
    Evaluate(text='1+1')

`press` returns the next view and, when the key asks the session for something (a step,
an evaluation, a file), that command; the terminal loop (ui/explorer.py) carries it out.
Key names are those of `checker.ui.keys.decode_keys`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Prompt = Literal["jump", "eval", "load", "save", "filter"]

HELP = (
    "↑↓ choose  ⏎/1-9 step  ←→ back/forward  g go to #  e evaluate  "
    "o open trace  s save  a all  / filter  PgUp/PgDn scroll  q quit"
)

PROMPTS: dict[Prompt, str] = {
    "jump": "Go to state # (a number seen, or a position on the line as @N): ",
    "eval": "Evaluate (TLA+ expression): ",
    "load": "Open an ITF trace (FILE [STATE]): ",
    "save": "Save the line as ITF to: ",
    "filter": "Variables (names or parts, empty for all): ",
}


@dataclass(frozen=True)
class ExplorerView:
    """What the terminal explorer shows, apart from the session."""

    selected: int = 0  # the move chosen in the list
    scroll: int = 0  # first line shown of the state's panel
    all_vars: bool = False
    variables: tuple[str, ...] = ()
    prompt: Prompt | None = None
    buffer: str = ""
    done: bool = False


@dataclass(frozen=True)
class Take:
    index: int


@dataclass(frozen=True)
class Back:
    pass


@dataclass(frozen=True)
class Forward:
    pass


@dataclass(frozen=True)
class Jump:
    text: str


@dataclass(frozen=True)
class Evaluate:
    text: str


@dataclass(frozen=True)
class Load:
    text: str


@dataclass(frozen=True)
class Save:
    text: str


@dataclass(frozen=True)
class Filter:
    text: str


@dataclass(frozen=True)
class Unknown:
    key: str


Command = Take | Back | Forward | Jump | Evaluate | Load | Save | Filter | Unknown


def _submitted(prompt: Prompt, text: str) -> Command:
    kinds: dict[Prompt, type[Jump | Evaluate | Load | Save | Filter]] = {
        "jump": Jump,
        "eval": Evaluate,
        "load": Load,
        "save": Save,
        "filter": Filter,
    }
    return kinds[prompt](text)


_SELECT = {"DOWN": 1, "j": 1, "UP": -1, "k": -1}
_SCROLL = {"PGDN": 10, "PGUP": -10, "J": 1, "K": -1}
_BACK = ("LEFT", "p", "h", "BACKSPACE", "b")
_FORWARD = ("RIGHT", "n", "l")


def press(view: ExplorerView, key: str, moves: int) -> tuple[ExplorerView, Command | None]:
    """The view after `key`, and the command it gives (`moves`: how many are listed)."""
    if view.prompt is not None:
        return _prompt_key(view, key)
    if key in _SELECT:
        chosen = max(0, min(moves - 1, view.selected + _SELECT[key]))
        return replace(view, selected=chosen), None
    if key in _SCROLL:
        return replace(view, scroll=max(0, view.scroll + _SCROLL[key])), None
    if key in ("HOME", "END"):
        return replace(view, selected=0 if key == "HOME" else max(0, moves - 1)), None
    if key == "ENTER" or (len(key) == 1 and key in "123456789"):
        index = view.selected if key == "ENTER" else int(key) - 1
        return (view, Take(index)) if 0 <= index < moves else (view, Unknown(key))
    if key in _BACK:
        return view, Back()
    if key in _FORWARD:
        return view, Forward()
    return _other_key(view, key)


def _other_key(view: ExplorerView, key: str) -> tuple[ExplorerView, Command | None]:
    prompts: dict[str, Prompt] = {"g": "jump", "e": "eval", "=": "eval", "o": "load"}
    prompts |= {"s": "save", "/": "filter", "f": "filter"}
    if key in prompts:
        start = " ".join(view.variables) if prompts[key] == "filter" else ""
        return replace(view, prompt=prompts[key], buffer=start), None
    if key == "a":
        return replace(view, all_vars=not view.all_vars, scroll=0), None
    if key in ("q", "Q", "CTRL-C"):
        return replace(view, done=True), None
    return view, Unknown(key)


def _prompt_key(view: ExplorerView, key: str) -> tuple[ExplorerView, Command | None]:
    if key in ("ESC", "CTRL-C"):
        return replace(view, prompt=None, buffer=""), None
    if key == "BACKSPACE":
        return replace(view, buffer=view.buffer[:-1]), None
    if key == "ENTER":
        assert view.prompt is not None
        return replace(view, prompt=None, buffer=""), _submitted(view.prompt, view.buffer)
    if len(key) == 1 and key.isprintable():
        return replace(view, buffer=view.buffer + key), None
    return view, None
