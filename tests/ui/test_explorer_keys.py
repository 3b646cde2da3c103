"""The terminal explorer's key map (checker/ui/explorer_keys.py), without a terminal."""

from __future__ import annotations

import pytest

from checker.ui.explorer_keys import (
    Back,
    Evaluate,
    ExplorerView,
    Filter,
    Forward,
    Jump,
    Load,
    Save,
    Take,
    Unknown,
    press,
)


def typed(view: ExplorerView, keys: list[str], moves: int = 3) -> tuple[ExplorerView, object]:
    command: object = None
    for key in keys:
        view, command = press(view, key, moves)
    return view, command


def test_choosing_stays_within_the_moves() -> None:
    view, _ = typed(ExplorerView(), ["DOWN", "DOWN", "DOWN", "DOWN"])
    assert view.selected == 2
    view, _ = typed(view, ["UP", "k", "k"])
    assert view.selected == 0
    assert typed(view, ["END"])[0].selected == 2


@pytest.mark.parametrize(
    ("keys", "command"),
    [
        (["ENTER"], Take(0)),
        (["DOWN", "ENTER"], Take(1)),
        (["3"], Take(2)),
        (["4"], Unknown("4")),  # only 3 moves
        (["LEFT"], Back()),
        (["BACKSPACE"], Back()),
        (["RIGHT"], Forward()),
        (["g", "1", "2", "ENTER"], Jump("12")),
        (["e", "x", "+", "1", "ENTER"], Evaluate("x+1")),
        (["=", "x", "BACKSPACE", "y", "ENTER"], Evaluate("y")),
        (["o", "a", " ", "2", "ENTER"], Load("a 2")),
        (["s", "ENTER"], Save("")),
        (["/", "m", "s", "g", "ENTER"], Filter("msg")),
        (["z"], Unknown("z")),
    ],
)
def test_keys_give_commands(keys: list[str], command: object) -> None:
    assert typed(ExplorerView(), keys)[1] == command


def test_a_prompt_takes_every_printable_key_and_escape_leaves_it() -> None:
    view, command = typed(ExplorerView(), ["e", "q", "n", "3"])
    assert view.prompt == "eval" and view.buffer == "qn3" and command is None
    view, command = typed(view, ["ESC"])
    assert view.prompt is None and view.buffer == "" and command is None


def test_toggles_scrolling_and_quitting() -> None:
    view, _ = typed(ExplorerView(), ["a", "PGDN", "PGDN", "PGUP"])
    assert view.all_vars and view.scroll == 10
    assert typed(view, ["q"])[0].done
    assert typed(ExplorerView(), ["CTRL-C"])[0].done


def test_the_filter_prompt_starts_with_the_current_filter() -> None:
    view, _ = typed(ExplorerView(variables=("msgs", "maxBal")), ["/"])
    assert view.buffer == "msgs maxBal"
