"""The interactive viewer's key decoding and key map, without a terminal."""

from __future__ import annotations

import pytest

from checker.ui.keys import View, decode_keys, incomplete_escape, match_variables, press

NAMES = ("maxBal", "maxVBal", "maxVal", "msgs")


@pytest.mark.parametrize(
    ("data", "keys"),
    [
        (b"n", ["n"]),
        (b"nnp", ["n", "n", "p"]),
        (b"\x1b[C\x1b[D", ["RIGHT", "LEFT"]),
        (b"\x1bOA\x1bOB", ["UP", "DOWN"]),
        (b"\x1b[5~\x1b[6~", ["PGUP", "PGDN"]),
        (b"\x1b[H\x1b[F", ["HOME", "END"]),
        (b"g12\r", ["g", "1", "2", "ENTER"]),
        (b"\x7f\x03", ["BACKSPACE", "CTRL-C"]),
        (b"\x1b", ["ESC"]),
        (b"\x1b[99Zq", ["ESC", "q"]),  # an unknown escape sequence is skipped whole
        ("é".encode(), ["é"]),
    ],
)
def test_decode_keys(data: bytes, keys: list[str]) -> None:
    assert decode_keys(data) == keys


@pytest.mark.parametrize(
    ("data", "incomplete"),
    [
        (b"n", False),
        (b"\x1b", True),
        (b"\x1b[", True),
        (b"\x1b[4", True),
        (b"\x1b[4~", False),
        (b"n\x1bO", True),
        (b"\x1bOF", False),
        (b"\x1bx", False),
    ],
)
def test_incomplete_escape(data: bytes, incomplete: bool) -> None:
    assert incomplete_escape(data) is incomplete


def run(keys: list[str], view: View | None = None) -> View:
    view = view or View(index=0, count=9)
    for key in keys:
        view = press(view, key, NAMES)
    return view


@pytest.mark.parametrize(
    ("keys", "index"),
    [
        (["n"], 1),
        (["RIGHT", "RIGHT", " "], 3),
        (["n", "n", "p"], 1),
        (["LEFT"], 0),  # stays at the first state
        (["END"], 8),
        (["G", "n"], 8),  # stays at the last state
        (["END", "HOME"], 0),
        (["g", "5", "ENTER"], 4),
        (["g", "1", "2", "BACKSPACE", "ENTER"], 0),
        (["n", "g", "4", "ESC"], 1),  # cancelled
        (["n", "g", "4", "2", "ENTER"], 1),  # out of range: stays, with a message
    ],
)
def test_moves(keys: list[str], index: int) -> None:
    assert run(keys).index == index


def test_jump_out_of_range_explains() -> None:
    view = run(["g", "4", "2", "ENTER"])
    assert view.message == "no state 42: give a number from 1 to 9"
    assert view.prompt is None


@pytest.mark.parametrize(
    ("typed", "variables"),
    [
        ("msgs", ("msgs",)),
        ("msgs maxBal", ("maxBal", "msgs")),  # in the trace's order
        ("bal", ("maxBal", "maxVBal")),  # a part of names, any case
        ("VAL,msgs", ("maxVal", "msgs")),
        ("", ()),  # all
    ],
)
def test_filter(typed: str, variables: tuple[str, ...]) -> None:
    view = run(["/", *list(typed), "ENTER"])
    assert view.variables == variables
    assert view.prompt is None


def test_filter_prompt_starts_from_current_filter_and_unknown_names_are_refused() -> None:
    view = run(["/", *"msgs", "ENTER"])
    again = run(["/"], view)
    assert again.buffer == "msgs"
    refused = run([*" zzz", "ENTER"], again)
    assert refused.variables == ("msgs",) and "no variable matches `zzz`" in refused.message


@pytest.mark.parametrize("key", ["q", "Q", "CTRL-C"])
def test_quit(key: str) -> None:
    assert run([key]).done


def test_toggle_all_and_scroll() -> None:
    view = run(["a", "DOWN", "DOWN", "j", "UP"])
    assert view.all_vars and view.scroll == 2
    assert run(["UP"]).scroll == 0
    assert run(["PGDN", "n"]).scroll == 0  # a new state starts at its top


def test_unknown_key_shows_help() -> None:
    assert "q quit" in run(["z"]).message


@pytest.mark.parametrize(
    ("word", "found"),
    [("maxBal", ["maxBal"]), ("VBAL", ["maxVBal"]), ("max", list(NAMES[:3])), ("zz", [])],
)
def test_match_variables(word: str, found: list[str]) -> None:
    assert match_variables(word, NAMES) == found
