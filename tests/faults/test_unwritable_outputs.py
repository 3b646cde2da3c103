"""A violation is never lost because its counterexample cannot be written: the verdict
and the trace are printed, then E506 about the file, exit 1 (never "internal error")."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from checker.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
BUG = ROOT / "models" / "Paxos_bug_singleton_quorums.cfg"


def _unusable(tmp_path: Path, kind: str) -> Path:
    if kind == "a file":
        path = tmp_path / "afile"
        path.write_text("")
        return path
    if kind == "under a file":
        (tmp_path / "afile").write_text("")
        return tmp_path / "afile" / "deeper"
    return Path("/dev/null")


@pytest.mark.parametrize("kind", ["a file", "under a file", "/dev/null"])
def test_check_reports_the_violation_then_the_file_problem(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    trace_dir = _unusable(tmp_path, kind)
    code = main(["check", str(BUG), "--trace-dir", str(trace_dir)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Error: Invariant Agreement is violated." in out and "State 9" in out
    assert "error[E506]: cannot write the counterexample" in err and "is not a directory" in err
    assert "internal error" not in out + err


def test_check_json_says_why_the_trace_file_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trace_dir = _unusable(tmp_path, "a file")
    assert main(["check", str(BUG), "--trace-dir", str(trace_dir), "--json", "-q"]) == 1
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    v = last["violation"]
    assert v["trace_file"] is None and "is not a directory" in v["trace_error"]


def test_ci_fails_when_counterexamples_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trace_dir = _unusable(tmp_path, "a file")
    manifest = tmp_path / "models" / "manifest.toml"
    manifest.parent.mkdir()
    manifest.write_text(
        f'[[model]]\nname = "Bug"\nspec = "{ROOT / "specs" / "Paxos.tla"}"\n'
        f'config = "{BUG}"\nexpect = "violation"\nproperty = "Agreement"\nlength = 8\n'
    )
    code = main(["ci", "-q", "--allow-outside-root", "--trace-dir", str(trace_dir), str(manifest)])
    out, err = capsys.readouterr()
    assert code == 1 and "error[E506]" in err
    assert "1 counterexample file(s) could not be written" in out


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["ci", "-q", "--no-trace-file", "--junit", "{out}"], "the JUnit report"),
        (["ci", "-q", "--no-trace-file", "--json", "{out}"], "the JSON report"),
        (
            [
                "graph",
                str(ROOT / "specs" / "Paxos.tla"),
                "--config",
                str(ROOT / "models" / "Paxos.cfg"),
            ]
            + ["--format", "dot", "-o", "{out}"],
            "the graph",
        ),
    ],
)
def test_every_output_file_that_cannot_be_written_is_e506(
    tmp_path: Path,
    args: list[str],
    what: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a manifest of one quick model (the reports are written after every model ran)
    manifest = tmp_path / "models" / "manifest.toml"
    manifest.parent.mkdir()
    manifest.write_text(
        f'[[model]]\nname = "Bug"\nspec = "{ROOT / "specs" / "Paxos.tla"}"\n'
        f'config = "{BUG}"\nexpect = "violation"\nproperty = "Agreement"\nlength = 8\n'
    )
    monkeypatch.chdir(tmp_path)
    if args[0] == "ci":
        args = [*args, "--allow-outside-root", str(manifest)]
    out = str(_unusable(tmp_path, "a file") / "out.file")
    code = main([a.replace("{out}", out) for a in args])
    _, err = capsys.readouterr()
    assert code == 2 and f"error[E506]: cannot write {what}" in err
    assert "internal error" not in err


def test_trace_html_to_an_unusable_path_is_e506(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(BUG), "--trace-dir", str(tmp_path / "cx"), "-q"]) == 1
    trace = tmp_path / "cx" / "Paxos_Agreement.itf.json"
    out = _unusable(tmp_path, "a file") / "page.html"
    capsys.readouterr()
    assert main(["trace", "html", str(trace), "-o", str(out)]) == 2
    assert "error[E506]: cannot write the HTML page" in capsys.readouterr().err


def _disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_keeps_the_violation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC injected where every file is flushed to disk (checker/files.py)."""
    monkeypatch.setattr("checker.files.os.fsync", _disk_full)
    code = main(["check", str(BUG), "--trace-dir", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 1 and "State 9" in out
    assert "error[E506]: cannot write the counterexample" in err
    assert "No space left on device" in err and "internal error" not in out + err
    assert not list((tmp_path / "out").glob("*")), "no temporary file is left behind"


def test_a_full_disk_while_checkpointing_is_e506_with_the_statistics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("checker.engine.checkpoint.os.fsync", _disk_full)
    ok = ROOT / "models" / "Paxos.cfg"
    code = main(["check", str(ok), "--checkpoint", str(tmp_path / "ck"), "--checkpoint-every", "0"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "error[E506]: cannot write a checkpoint" in err and "No space left" in err
    assert "distinct states" in out and "internal error" not in out + err


def _denied(*args: object, **kwargs: object) -> None:
    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))


def test_a_directory_we_may_not_write_is_e506(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """EACCES injected where the temporary file is created (tests may run as root, which
    ignores directory permissions)."""
    monkeypatch.setattr("checker.files.tempfile.mkstemp", _denied)
    assert main(["check", str(BUG), "--trace-dir", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "State 9" in out and "error[E506]" in err and "Permission denied" in err
