"""`checker explore` in a real terminal: tmux runs it, we press keys and read the screen."""

from __future__ import annotations

import shlex
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_ui_interactive import Tmux

from checker.traces import read_itf

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "explorer" / "specs" / "Switches.tla"


@pytest.fixture
def explorer(tmp_path: Path) -> Iterator[tuple[Tmux, Path]]:
    rc = tmp_path / "rc"
    command = (
        f"cd {shlex.quote(str(tmp_path))} && {shlex.quote(sys.executable)} -m checker explore "
        f"{shlex.quote(str(SPEC))}; echo $? > {shlex.quote(str(rc))}; sleep 60"
    )
    tmux = Tmux(command)
    try:
        tmux.wait_for("2 moves")
        yield tmux, rc
    finally:
        tmux.close()


def wait_rc(rc: Path) -> str:
    """The explorer's exit code, once it has exited."""
    for _ in range(200):
        if rc.exists() and rc.read_text().strip():
            return rc.read_text().strip()
        time.sleep(0.05)
    raise AssertionError("the explorer did not exit")


def test_starts_at_the_initial_state_with_its_moves(explorer: tuple[Tmux, Path]) -> None:
    tmux, _ = explorer
    screen = tmux.screen()
    assert "Explore Switches · state 1 of 1 on the line · #1 · 1 seen" in screen
    assert "State 1 · Initial predicate" in screen
    assert "on = (n1 :> FALSE @@ n2 :> FALSE)" in screen
    assert "1 Flip(n1)  on[n1]: FALSE → TRUE, log 1 added, count: 0 → 1" in screen


def test_step_back_forward_branch_and_jump(explorer: tuple[Tmux, Path]) -> None:
    tmux, _ = explorer
    tmux.keys("2")  # Flip(n2)
    screen = tmux.wait_for("State 2 · Flip(n2)")
    assert "[n2]: FALSE → TRUE" in screen and "3 moves" in screen
    assert "Reset" in screen and "outside the model" in screen  # NoQuickReset
    tmux.keys("Enter")  # the first move: Flip(n1), both on
    screen = tmux.wait_for("State 3 · Flip(n1)")
    assert "violates NotAllOn" in screen
    tmux.keys("Left")
    tmux.wait_for("state 2 of 3 on the line")
    tmux.keys("Right")
    tmux.wait_for("state 3 of 3 on the line")
    tmux.keys("Left", "Left", "1")  # a branch from the initial state: Flip(n1)
    screen = tmux.wait_for("State 2 · Flip(n1)")
    assert "state 2 of 2 on the line · #4 · 4 seen" in screen
    tmux.keys("g", "3", "Enter")  # #3: both on, by the line that reached it
    screen = tmux.wait_for("state 3 of 3 on the line · #3")
    assert "State 3 · Flip(n1)" in screen


def test_evaluate_an_expression_and_its_errors(explorer: tuple[Tmux, Path]) -> None:
    tmux, _ = explorer
    tmux.keys("1", "e")
    tmux.wait_for("Evaluate (TLA+ expression):")
    tmux.keys("-l", "Cardinality(Lit) + count")
    tmux.keys("Enter")
    tmux.wait_for("Cardinality(Lit) + count = 2")
    tmux.keys("e")
    tmux.keys("-l", "count + ")
    tmux.keys("Enter")
    screen = tmux.wait_for("error[E102]")
    assert "--> <expr>:1:8" in screen and "1 | count +" in screen


def test_save_the_line_and_open_it_again(explorer: tuple[Tmux, Path], tmp_path: Path) -> None:
    tmux, rc = explorer
    tmux.keys("1", "2")
    tmux.wait_for("State 3 ·")
    tmux.keys("s")
    tmux.keys("-l", "saved.itf.json")
    tmux.keys("Enter")
    tmux.wait_for("saved the line (3 states)")
    saved = read_itf(tmp_path / "saved.itf.json")
    assert [s.action for s in saved.steps] == [None, "Flip(n1)", "Flip(n2)"]
    tmux.keys("g", "1", "Enter")
    tmux.wait_for("state 1 of 1 on the line")
    tmux.keys("o")
    tmux.keys("-l", "saved.itf.json 2")
    tmux.keys("Enter")
    screen = tmux.wait_for("opened saved.itf.json (3 states), at state 2")
    assert "state 2 of 3 on the line" in screen
    tmux.keys("o")
    tmux.keys("-l", "missing.itf.json")
    tmux.keys("Enter")
    tmux.wait_for("error[E501]")
    tmux.keys("q")
    assert wait_rc(rc) == "0"


def test_ctrl_c_quits_cleanly(explorer: tuple[Tmux, Path]) -> None:
    tmux, rc = explorer
    tmux.keys("C-c")
    assert wait_rc(rc) == "0"
