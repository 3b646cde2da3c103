"""TLC's command-line habits (NOTE(tlc-flags)): `-workers auto`, `-config FILE`,
`-deadlock`, `-version`, a spec named without `.tla` do what TLC's do; TLC's other
options get one E502 saying what to write instead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.cli.main import main
from checker.cli.tlcflags import INSTEAD

STUCK = """---- MODULE Stuck ----
VARIABLE x
Init == x = 0
Next == x = 0 /\\ x' = 1
====
"""


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def stuck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "Stuck.tla").write_text(STUCK)
    (tmp_path / "Stuck.cfg").write_text("INIT Init\nNEXT Next\n")
    (tmp_path / "Other.cfg").write_text("INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_spec_named_without_its_suffix(stuck: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "check", "Stuck", "--no-trace-file")
    assert code == 1 and "Deadlock reached" in out and "(Stuck.tla)" in out


def test_tlc_workers_auto(stuck: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "check", "Stuck", "-workers", "auto", "-deadlock")
    cores = min(len(os.sched_getaffinity(0)), 256)
    assert code == 0 and f"{cores} worker(s)" in out, err


def test_tlc_config_and_deadlock(stuck: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "check", "Stuck.tla", "-config", "Other.cfg")
    assert code == 0 and "with Other.cfg" in out
    assert cli(capsys, "check", "Stuck.tla", "--no-deadlock")[0] == 0
    assert cli(capsys, "check", "Stuck.tla", "-deadlock")[0] == 0
    assert cli(capsys, "check", "Stuck.tla", "--no-trace-file")[0] == 1  # as the config says


def test_tlc_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["-version"])
    out, _ = capsys.readouterr()
    assert done.value.code == 0 and out.startswith("checker ")


@pytest.mark.parametrize("flag", sorted(INSTEAD))
def test_other_tlc_options_say_what_to_write(
    flag: str, stuck: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "check", "Stuck.tla", flag, "3")
    assert code == 2 and out == ""
    assert f"error[E502]: `{flag}` is an option of TLC's" in err and "help:" in err
    assert "Traceback" not in err


def test_a_file_named_like_a_tlc_option_after_double_dash(
    stuck: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (stuck / "-depth.tla").write_text(STUCK.replace("Stuck", "-depth"))
    _, _, err = cli(capsys, "parse", "--", "-depth.tla")
    assert "is an option of TLC's" not in err and "E502" not in err


def test_tlc_depth_is_simulate_depth(stuck: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`checker simulate SPEC -depth 5` means TLC's -depth (the behaviours' length)."""
    code, out, err = cli(capsys, "simulate", "Stuck.tla", "-depth", "5", "--seed", "1", "-q")
    assert code == 1 and "E502" not in err and "Deadlock" in out
    assert cli(capsys, "check", "Stuck.tla", "-depth", "5")[0] == 2  # not check's
