"""The interactive viewer's state and key map, as pure functions (tested without a terminal).

    >>> v = View(index=0, count=9)
    >>> v = press(v, "n", ("x", "y"))
    >>> v.index
    1
    >>> v = press(press(press(v, "g", ()), "7", ()), "ENTER", ())
    >>> v.index
    6

Keys are names: printable characters as themselves, and "LEFT", "RIGHT", "UP", "DOWN",
"HOME", "END", "PGUP", "PGDN", "ENTER", "ESC", "BACKSPACE", "CTRL-C".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

Prompt = Literal["jump", "filter"]

HELP = "n/→ next  p/← prev  g jump  / filter  a all/changed  ↑↓ scroll  q quit"

_ESCAPES = {
    b"\x1b[A": "UP",
    b"\x1b[B": "DOWN",
    b"\x1b[C": "RIGHT",
    b"\x1b[D": "LEFT",
    b"\x1bOA": "UP",
    b"\x1bOB": "DOWN",
    b"\x1bOC": "RIGHT",
    b"\x1bOD": "LEFT",
    b"\x1b[H": "HOME",
    b"\x1b[F": "END",
    b"\x1bOH": "HOME",
    b"\x1bOF": "END",
    b"\x1b[1~": "HOME",
    b"\x1b[4~": "END",
    b"\x1b[5~": "PGUP",
    b"\x1b[6~": "PGDN",
}
_CONTROLS = {
    b"\r": "ENTER",
    b"\n": "ENTER",
    b"\x7f": "BACKSPACE",
    b"\x08": "BACKSPACE",
    b"\x03": "CTRL-C",
    b"\x1b": "ESC",
}


def decode_keys(data: bytes) -> list[str]:
    """The keys in a chunk read from a terminal (escape sequences become names)."""
    keys: list[str] = []
    i = 0
    while i < len(data):
        name, size = _one_key(data, i)
        keys.append(name)
        i += size
    return keys


def incomplete_escape(data: bytes) -> bool:
    """Whether `data` ends inside an escape sequence (a lone ESC counts: it may be the
    start of one, or the Escape key; the caller waits briefly to tell)."""
    start = data.rfind(b"\x1b")
    if start < 0:
        return False
    tail = data[start:]
    if len(tail) == 1:
        return True
    if tail[1:2] not in (b"[", b"O"):
        return False
    return not any(0x40 <= b <= 0x7E for b in tail[2:])


def _one_key(data: bytes, i: int) -> tuple[str, int]:
    for seq, name in _ESCAPES.items():
        if data.startswith(seq, i):
            return name, len(seq)
    if data[i : i + 1] == b"\x1b" and data[i + 1 : i + 2] in (b"[", b"O"):
        return "ESC", _skip_unknown_escape(data, i)
    control = _CONTROLS.get(data[i : i + 1])
    if control is not None:
        return control, 1
    for size in (1, 2, 3, 4):  # one UTF-8 character
        try:
            return data[i : i + size].decode("utf-8"), size
        except UnicodeDecodeError:
            continue
    return "?", 1


def _skip_unknown_escape(data: bytes, i: int) -> int:
    """The length of an escape sequence we do not know (CSI ... final byte)."""
    j = i + 2
    while j < len(data) and not 0x40 <= data[j] <= 0x7E:
        j += 1
    return j + 1 - i


@dataclass(frozen=True)
class View:
    """What the interactive viewer shows; `press` gives the next view."""

    index: int  # the state shown, 0-based
    count: int  # the number of states
    all_vars: bool = False
    variables: tuple[str, ...] = ()  # the filter (empty: all)
    scroll: int = 0  # first line shown of the state's panel
    prompt: Prompt | None = None
    buffer: str = ""  # what has been typed at the prompt
    message: str = ""  # feedback on the last command
    done: bool = False


def press(view: View, key: str, names: Sequence[str]) -> View:
    """The view after pressing `key`; `names` are the trace's variables (for filters)."""
    view = replace(view, message="")
    if view.prompt is not None:
        return _prompt_key(view, key, names)
    return _command_key(view, key)


def _go(view: View, index: int) -> View:
    return replace(view, index=max(0, min(view.count - 1, index)), scroll=0)


_MOVES = {
    "n": 1,
    "l": 1,
    " ": 1,
    "RIGHT": 1,
    "p": -1,
    "h": -1,
    "b": -1,
    "LEFT": -1,
    "BACKSPACE": -1,
}
_SCROLLS = {"DOWN": 1, "j": 1, "UP": -1, "k": -1, "PGDN": 10, "PGUP": -10}


def _command_key(view: View, key: str) -> View:
    if key in _MOVES:
        return _go(view, view.index + _MOVES[key])
    if key in _SCROLLS:
        return replace(view, scroll=max(0, view.scroll + _SCROLLS[key]))
    if key in ("HOME", "0"):
        return _go(view, 0)
    if key in ("END", "G", "$"):
        return _go(view, view.count - 1)
    if key in ("g", ":"):
        return replace(view, prompt="jump", buffer="")
    if key in ("/", "f"):
        return replace(view, prompt="filter", buffer=" ".join(view.variables))
    if key == "a":
        return replace(view, all_vars=not view.all_vars, scroll=0)
    if key in ("q", "Q", "CTRL-C"):
        return replace(view, done=True)
    return replace(view, message=f"unknown key {key!r}: {HELP}")


def _prompt_key(view: View, key: str, names: Sequence[str]) -> View:
    if key in ("ESC", "CTRL-C"):
        return replace(view, prompt=None, buffer="")
    if key == "BACKSPACE":
        return replace(view, buffer=view.buffer[:-1])
    if key == "ENTER":
        done = replace(view, prompt=None, buffer="")
        if view.prompt == "jump":
            return _jump(done, view.buffer)
        return _filter(done, view.buffer, names)
    if len(key) == 1 and key.isprintable():
        return replace(view, buffer=view.buffer + key)
    return view


def _jump(view: View, typed: str) -> View:
    text = typed.strip()
    if not text.isdigit() or not 1 <= int(text) <= view.count:
        wanted = text or "?"
        return replace(view, message=f"no state {wanted}: give a number from 1 to {view.count}")
    return _go(view, int(text) - 1)


def _filter(view: View, typed: str, names: Sequence[str]) -> View:
    """Each word selects the variable of that name, or else those containing it (any
    case); an empty filter shows every variable."""
    words = typed.replace(",", " ").split()
    chosen: list[str] = []
    for word in words:
        found = match_variables(word, names)
        if not found:
            return replace(view, message=f"no variable matches `{word}`")
        chosen.extend(n for n in found if n not in chosen)
    ordered = tuple(n for n in names if n in chosen)
    return replace(view, variables=ordered, scroll=0)


def match_variables(word: str, names: Sequence[str]) -> list[str]:
    if word in names:
        return [word]
    return [n for n in names if word.lower() in n.lower()]
