"""NOTE(witness): a counterexample's steps carry what their action-level `\\E`s chose (the
message consumed), computed by the closures at replay whatever backend searched, and
travel in the ITF `#meta` of each state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.api import check
from checker.diagnostics import CheckerError
from checker.traces.itf import dumps, itf_to_trace
from checker.values import make_fcn

SPEC = """---- MODULE Relay ----
EXTENDS Naturals
VARIABLES msgs, got
Node == {"n1", "n2"}
Init == msgs = {} /\\ got = [n \\in Node |-> 0]
Ping(n) == /\\ got[n] = 0
           /\\ msgs' = msgs \\cup {[type |-> "ping", src |-> n, seq |-> 1]}
           /\\ UNCHANGED got
Recv(n) == \\E m \\in msgs :
             /\\ m.src # n
             /\\ got' = [got EXCEPT ![n] = m.seq]
             /\\ UNCHANGED msgs
Next == \\E n \\in Node : Ping(n) \\/ Recv(n)
Safe == got["n2"] = 0
====
"""


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codegen: str) -> dict[str, object]:
    monkeypatch.setenv("CHECKER_CODEGEN", codegen)
    (tmp_path / "Relay.tla").write_text(SPEC)
    (tmp_path / "Relay.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT Safe\n")
    result = check(tmp_path / "Relay.tla", tmp_path / "Relay.cfg", trace_dir=tmp_path / codegen)
    assert result.violation is not None and result.violation.trace_file is not None
    doc: dict[str, object] = json.loads(Path(result.violation.trace_file).read_text())
    return doc


@pytest.mark.parametrize("codegen", ["1", "0"])
def test_the_consumed_message_is_the_step_witness(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codegen: str
) -> None:
    doc = _run(tmp_path, monkeypatch, codegen)
    metas = [s["#meta"] for s in doc["states"]]  # type: ignore[attr-defined]
    assert metas[0] == {"index": 0}
    assert metas[1] == {
        "index": 1,
        "action": 'Ping("n1")',
        "witness": [{"name": "n", "value": "n1"}],
    }
    assert metas[2]["action"] == 'Recv("n2")'
    assert metas[2]["witness"] == [
        {"name": "n", "value": "n2"},
        {"name": "m", "value": {"seq": 1, "src": "n1", "type": "ping"}},
    ]


def test_the_witness_round_trips_through_itf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = _run(tmp_path, monkeypatch, "1")
    trace = itf_to_trace(doc)
    message = make_fcn([("seq", 1), ("src", "n1"), ("type", "ping")])
    assert trace.steps[2].witness == (("n", "n2"), ("m", message))
    assert trace.steps[0].witness == ()
    assert json.loads(dumps(trace)) == doc


@pytest.mark.parametrize(
    ("witness", "says"),
    [
        ({"m": 1}, "must be a list"),
        ([{"name": "m"}], '{"name": ..., "value": ...}'),
        ([{"name": "m", "value": {"#set": 1}}], "witness `m`: #set needs a list"),
    ],
)
def test_a_malformed_witness_is_e503(witness: object, says: str) -> None:
    doc = {"vars": ["x"], "states": [{"#meta": {"witness": witness}, "x": 1}]}
    with pytest.raises(CheckerError) as info:
        itf_to_trace(doc)
    d = info.value.diagnostics[0]
    assert d.code == "E503" and says in d.message


def test_the_witness_pass_prints_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """PrintT in Next: the search prints; the witnesses and reads (evaluations again, some
    of states no behaviour reaches) print nothing more."""
    from checker.cli.main import main
    from checker.compile import witness

    printing = SPEC.replace("EXTENDS Naturals", "EXTENDS Naturals, TLC").replace(
        "Recv(n) == \\E m \\in msgs :", 'Recv(n) == \\E m \\in msgs : PrintT(<<"recv", n>>) /\\'
    )
    assert printing != SPEC
    (tmp_path / "Relay.tla").write_text(printing)
    (tmp_path / "Relay.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT Safe\n")
    argv = ["check", str(tmp_path / "Relay.tla"), "--no-trace-file", "--workers", "1"]
    assert main(argv) == 1
    captured = capsys.readouterr()
    printed = (captured.out + captured.err).count('<<"recv"')
    assert printed > 0
    monkeypatch.setattr(witness, "with_witnesses", lambda finder, text, trace: trace)
    assert main(argv) == 1
    again = capsys.readouterr()
    assert (again.out + again.err).count('<<"recv"') == printed
