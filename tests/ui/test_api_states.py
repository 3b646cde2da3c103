"""The Python API's trace states: read-only mappings from variable names to values,
printed as TLA+ text with sets in the canonical order."""

from __future__ import annotations

from pathlib import Path

import pytest

import checker
from checker.values import make_record

ROOT = Path(__file__).resolve().parents[2]


def test_states_read_as_mappings() -> None:
    r = checker.check(
        ROOT / "specs/Paxos.tla", ROOT / "models/Paxos_bug_singleton_quorums.cfg", trace_dir=None
    )
    assert r.violation is not None
    trace = r.violation.trace
    first = trace.state(0)
    assert list(first) == list(trace.variables) and len(first) == 4
    assert first["msgs"] == frozenset() and dict(first)["maxBal"] == first["maxBal"]
    assert [s["maxBal"] for s in trace.states] == [trace.value(i, "maxBal") for i in range(9)]
    with pytest.raises(KeyError, match="no variable 'nope'"):
        first["nope"]
    with pytest.raises(TypeError):
        first["msgs"] = frozenset()  # type: ignore[index]


def test_a_state_prints_sets_in_the_canonical_order() -> None:
    msgs = frozenset(make_record([("bal", b)]) for b in (3, 1, 2))
    trace = checker.Trace(("x", "msgs"), (checker.Step((0, msgs)),))
    assert repr(trace.state(0)) == "/\\ x = 0 /\\ msgs = {[bal |-> 1], [bal |-> 2], [bal |-> 3]}"
