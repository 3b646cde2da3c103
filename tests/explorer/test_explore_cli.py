"""`checker explore`'s command line: bad options and files are one diagnostic, exit 2."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from checker.cli.main import main
from checker.explorer.session import Session
from checker.pipeline import load_model
from checker.traces import Step, Trace, write_itf

SPEC = Path(__file__).parent / "specs" / "Switches.tla"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_terminal_explorer_needs_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "explore", str(SPEC))
    assert code == 2 and "error[E502]" in err and "needs a terminal" in err


def test_state_needs_a_trace(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "explore", str(SPEC), "--web", "--state", "2")
    assert code == 2 and "--state needs --trace" in err


def test_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "explore", str(SPEC), "--web", "--port", "70000")
    assert code == 2 and "error[E502]" in err


def test_a_port_in_use_is_e532(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = cli(capsys, "explore", str(SPEC), "--web", "--port", str(port))
    assert code == 2 and "error[E532]" in err and f"127.0.0.1:{port}" in err


def test_a_trace_of_another_spec(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_itf(Trace(("x",), (Step((1,)),)), tmp_path / "x.itf.json")
    code, _, err = cli(capsys, "explore", str(SPEC), "--web", "--trace", str(path))
    assert code == 2 and "error[E531]" in err and "are not the model's" in err


def test_a_state_beyond_the_trace(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    model = load_model(SPEC, SPEC.with_suffix(".cfg"))
    path = write_itf(Trace(model.variables, (Step(Session(model).state(0)),)), tmp_path / "t.json")
    code, _, err = cli(capsys, "explore", str(SPEC), "--web", "--trace", str(path), "--state", "3")
    assert code == 2 and "the trace has 1 states" in err
