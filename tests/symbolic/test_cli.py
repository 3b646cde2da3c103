"""`checker prove` and `checker bmc` on the command line: output, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from symbolic_helpers import ROOT, SPECS

from checker.cli.main import main
from checker.traces import read_itf

PAXOS_INDUCTIVE_CFG = str(ROOT / "models" / "PaxosInductive.cfg")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _json(out: str) -> dict[str, object]:
    doc = json.loads(out.strip().splitlines()[-1])
    assert isinstance(doc, dict)
    return doc


def test_prove_cti_exit_1_with_json_and_itf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["prove", PAXOS_INDUCTIVE_CFG, "--inv", "TypeOK", "--inv", "Agreement"]
    code, out, err = _run([*argv, "--json", "--trace-dir", str(tmp_path)], capsys)
    assert code == 1
    doc = _json(out)
    assert doc["verdict"] == "violation"
    assert doc["invariants"] == ["TypeOK", "Agreement"]
    assert isinstance(doc["elapsed_s"], float)
    violation = doc["violation"]
    assert isinstance(violation, dict)
    assert {k: violation[k] for k in ("property", "kind", "length")} == {
        "property": "Agreement",
        "kind": "cti",
        "length": 1,
    }
    trace = read_itf(str(violation["trace_file"]))
    assert trace.kind == "cti" and trace.violated == "Agreement"
    assert "counterexample to induction" in err  # the human report goes to stderr
    assert "<a state satisfying TypeOK /\\ Agreement>" in err


def test_prove_inductive_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["prove", PAXOS_INDUCTIVE_CFG, "--inv", "Inv", "--implies", "Agreement", "-q"]
    code, out, _ = _run(argv, capsys)
    assert code == 0
    assert "Inv is inductive" in out and "Inv implies Agreement." in out


def test_bmc_violation_exit_1_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = str(SPECS / "DieHard.tla")
    code, out, _ = _run(["bmc", spec, "--depth", "8", "--trace-dir", str(tmp_path)], capsys)
    assert code == 1
    assert "Invariant NotFour is violated" in out
    assert "Counterexample: 6 step(s), written to" in out
    assert (tmp_path / "DieHard_NotFour_bmc.itf.json").is_file()


def test_bmc_no_violation_exit_0_json(capsys: pytest.CaptureFixture[str]) -> None:
    spec = str(SPECS / "Peterson.tla")
    code, out, _ = _run(["bmc", spec, "-k", "6", "--json", "--no-trace-file"], capsys)
    assert code == 0
    doc = _json(out)
    assert (doc["verdict"], doc["depth"], doc["checked_depth"]) == ("ok", 6, 6)
    assert "violation" not in doc


def test_inferred_types_are_reported_in_text_and_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["bmc", str(SPECS / "InferVote.tla"), "-c", str(SPECS / "InferVote_bug.cfg")]
    code, out, _ = _run([*argv, "-k", "8", "--no-trace-file"], capsys)
    assert code == 1
    assert 'Type of msgs inferred from Init and Next: SUBSET ([type : {"decide"}' in out
    code, out, _ = _run([*argv, "-k", "2", "--json", "--no-trace-file"], capsys)
    inferred = _json(out)["inferred_types"]
    assert isinstance(inferred, dict) and list(inferred) == ["msgs"]
    assert '[rnd : {0, 1}, type : {"propose"}, val : {v1, v2}]' in inferred["msgs"]
    code, out, _ = _run(["bmc", str(SPECS / "Peterson.tla"), "-k", "1", "--json"], capsys)
    assert "inferred_types" not in _json(out)  # every variable typed by the invariant


def test_bmc_deadlock(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["bmc", str(SPECS / "Counters.tla"), "-c", str(SPECS / "Counters_deadlock.cfg")]
    code, out, _ = _run([*argv, "-k", "9", "--json", "--trace-dir", str(tmp_path)], capsys)
    assert code == 1
    violation = _json(out)["violation"]
    assert isinstance(violation, dict)
    assert (violation["kind"], violation["property"], violation["length"]) == (
        "deadlock",
        "Deadlock",
        5,
    )


def test_timeout_gives_unknown_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    spec = str(SPECS / "Fermat.tla")
    code, out, _ = _run(["prove", spec, "--timeout", "0.5", "--json"], capsys)
    assert code == 3
    doc = _json(out)
    assert doc["verdict"] == "unknown"
    assert "timed out after 0.5 s" in str(doc["unknown"])


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["prove", "nope.tla", "--config", "nope.cfg"], "E501", "cannot read"),
        (["bmc", str(SPECS / "DieHard.tla")], "E502", "--depth"),
        (["bmc", str(SPECS / "DieHard.tla"), "-k", "-1"], "E502", "steps >= 0"),
        (["prove", str(SPECS / "DieHard.tla"), "--inv", "NoSuchThing"], "E302", "NoSuchThing"),
        (["bmc", str(SPECS / "InferQueue.tla"), "--depth", "2"], "E601", "`queue`"),
        (["prove", str(SPECS / "DieHard.tla"), "--timeout", "soon"], "E502", "seconds"),
    ],
)
def test_bad_input_exit_2(
    argv: list[str], code: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(argv, capsys)
    assert status == 2
    assert f"error[{code}]" in err and message in err
    assert "Traceback" not in err


def test_config_naming_its_spec(capsys: pytest.CaptureFixture[str]) -> None:
    cfg = str(ROOT / "models" / "Paxos_bug_singleton_quorums.cfg")
    code, out, _ = _run(["bmc", cfg, "-k", "3", "--json", "-q"], capsys)
    assert code == 0
    assert _json(out)["spec"] == "Paxos"
