"""`checker trace show -i` in a real terminal: tmux runs it, we press keys and read the
screen (tmux is installed by .ci/run)."""

from __future__ import annotations

import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


class Tmux:
    """One tmux server of our own (-L), running one command in a 100x30 window."""

    def __init__(self, command: str) -> None:
        self.socket = f"checker-test-{uuid.uuid4().hex[:8]}"
        self.tmux("new-session", "-d", "-s", "t", "-x", "100", "-y", "30", command)

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)


@pytest.fixture
def viewer(paxos_itf: Path, tmp_path: Path) -> Iterator[tuple[Tmux, Path]]:
    rc = tmp_path / "rc"
    command = (
        f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m checker trace show "
        f"-i {shlex.quote(str(paxos_itf))}; echo $? > {shlex.quote(str(rc))}; sleep 60"
    )
    tmux = Tmux(command)
    try:
        tmux.wait_for("State 1/9")
        yield tmux, rc
    finally:
        tmux.close()


def test_starts_at_the_initial_state(viewer: tuple[Tmux, Path]) -> None:
    tmux, _ = viewer
    screen = tmux.wait_for("Initial predicate")
    assert "Trace of Paxos: invariant Agreement violated" in screen
    assert "maxBal = (a1 :> -1 @@ a2 :> -1 @@ a3 :> -1)" in screen
    assert "q quit" in screen


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["n"], "State 2 · Phase1a(0)"),
        (["Right", "Right"], "State 3 · Phase1a(1)"),
        (["End", "p", "p"], "State 7 · Phase2a(1, v2)"),
        (["End"], "State 9 · Phase2b(a2)"),
        (["g", "4", "Enter"], "State 4 · Phase1b(a1)"),
        (["G", "Left"], "State 8 · Phase2b(a1)"),
    ],
)
def test_moving_between_states(viewer: tuple[Tmux, Path], keys: list[str], expected: str) -> None:
    tmux, _ = viewer
    for key in keys:
        tmux.keys(key)
    tmux.wait_for(expected)
    number = expected.split()[1]
    # the footer is drawn after the panel: a capture may fall between the two
    screen = tmux.wait_for(f"State {number}/9", timeout=5)
    assert expected in screen


def test_last_state_shows_the_diff_and_the_violation(viewer: tuple[Tmux, Path]) -> None:
    tmux, _ = viewer
    tmux.keys("End")
    screen = tmux.wait_for("violates Agreement")
    assert "[a2]: None → v1" in screen
    assert '+ [acc |-> a2, bal |-> 0, type |-> "2b", val |-> v1]' in screen


def test_filter_by_variable(viewer: tuple[Tmux, Path]) -> None:
    tmux, _ = viewer
    tmux.keys("End", "/")
    tmux.wait_for("Variables (names or parts")
    tmux.keys("-l", "msgs")
    tmux.keys("Enter")
    screen = tmux.wait_for("changed only · msgs")
    panel = screen.split("State 9 ·")[1]
    assert "msgs" in panel and "maxBal" not in panel and "maxVal" not in panel


def test_toggle_all_variables(viewer: tuple[Tmux, Path]) -> None:
    tmux, _ = viewer
    tmux.keys("n")
    tmux.wait_for("State 2/9")
    assert "maxBal" not in tmux.screen().split("State 2 ·")[1]
    tmux.keys("a")
    screen = tmux.wait_for("all variables")
    assert "maxBal = (a1 :> -1" in screen


def test_resizing_redraws_to_the_new_width(viewer: tuple[Tmux, Path]) -> None:
    tmux, _ = viewer
    top = next(line for line in tmux.screen().splitlines() if line.startswith("╭"))
    assert len(top) == 100
    tmux.tmux("resize-window", "-t", "t", "-x", "70", "-y", "20")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        tops = [line for line in tmux.screen().splitlines() if line.startswith("╭")]
        if tops and len(tops[0]) == 70:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("not redrawn at 70 columns:\n" + tmux.screen())
    assert "State 1/9" in tmux.screen()


def test_quit_restores_the_terminal_and_exits_0(viewer: tuple[Tmux, Path]) -> None:
    tmux, rc = viewer
    tmux.keys("n", "q")
    deadline = time.monotonic() + 15
    while not rc.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rc.read_text().strip() == "0"
    assert "State 2/9" not in tmux.screen()  # back from the alternate screen


def test_ctrl_c_quits_cleanly(viewer: tuple[Tmux, Path]) -> None:
    tmux, rc = viewer
    tmux.keys("C-c")
    deadline = time.monotonic() + 15
    while not rc.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rc.read_text().strip() == "0"
    assert "Traceback" not in tmux.screen()
