"""The terminal explorer's screen and commands without a terminal (checker/ui/explorer.py):
keys applied to a session, and the screen drawn into a string."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from checker.compile.model import Model
from checker.explorer.session import Session
from checker.pipeline import load_model
from checker.ui.explorer import RESULT_LINES, Screen, apply_key, change_words, draw
from checker.ui.explorer_keys import ExplorerView

ROOT = Path(__file__).resolve().parents[2]
SWITCHES = ROOT / "tests" / "explorer" / "specs" / "Switches.tla"


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model(SWITCHES, SWITCHES.with_suffix(".cfg"))


def keys(session: Session, typed: list[str], save_to: Path = Path("unused")) -> Screen:
    screen = Screen(ExplorerView())
    for key in typed:
        screen = apply_key(session, screen, key, save_to)
    return screen


def result(screen: Screen) -> str:
    return "\n".join(t.plain for t in screen.result)


def test_a_value_over_several_lines_is_shown_whole_or_said_cut(model: Model) -> None:
    session = Session(model)
    shown = result(keys(session, ["e", *"[s \\in SUBSET Node |-> s]", "ENTER"]))
    assert "{n1, n2} :> {n1, n2}" in shown
    tall = keys(
        session, ["e", *'[i \\in 1..30 |-> [n |-> i, s |-> "a long string to fill a line"]]']
    )
    tall = apply_key(session, tall, "ENTER", Path("unused"))
    assert len(tall.result) == 60  # two lines per record
    out = io.StringIO()
    draw(session, tall, out, None, 100, 30)
    assert f"… {60 - RESULT_LINES + 1} more lines" in out.getvalue()


def test_jump_errors_and_unknown_keys_are_said(model: Model) -> None:
    session = Session(model)
    assert result(keys(session, ["g", "9", "ENTER"])) == (
        "no state #9 seen: give a number from 1 to 1"
    )
    assert result(keys(session, ["g", "@", "2", "ENTER"])) == (
        "no state @2 on the line: give a number from 1 to 1"
    )
    assert "unknown key 'z'" in result(keys(session, ["z"]))
    assert "this is the start" in result(keys(session, ["LEFT", "LEFT"]))
    assert "the line goes no further" in result(keys(Session(model), ["RIGHT"]))


def test_filter_and_save_errors(model: Model, tmp_path: Path) -> None:
    session = Session(model)
    screen = keys(session, ["/", *"cou", "ENTER"])
    assert screen.view.variables == ("count",)
    assert "no variable matches `zz`" in result(keys(session, ["/", "z", "z", "ENTER"]))
    blocked = tmp_path / "file"
    blocked.write_text("")
    shown = result(keys(session, ["s", *str(blocked / "x.itf.json"), "ENTER"]))
    assert "error[E506]" in shown
    shown = result(keys(session, ["s", "ENTER"], tmp_path / "d" / "line.itf.json"))
    assert "saved the line (1 states)" in shown and (tmp_path / "d" / "line.itf.json").is_file()


def test_the_screen_fits_the_terminal(model: Model) -> None:
    session = Session(model)
    out = io.StringIO()
    draw(session, Screen(ExplorerView()), out, None, 100, 30)
    lines = out.getvalue().removeprefix("\x1b[H\x1b[2J").split("\n")
    assert len(lines) == 30 and max(len(line) for line in lines) <= 100
    assert "Explore Switches" in lines[0]
    assert any("2 moves" in line for line in lines)
    assert any("Flip(n1)" in line for line in lines)


def test_change_words(model: Model) -> None:
    session = Session(model)
    start = session.state(0)
    flip = session.moves().moves[0].state
    assert change_words(model.variables, start, flip) == (
        "on[n1]: FALSE → TRUE, log 1 added, count: 0 → 1"
    )
