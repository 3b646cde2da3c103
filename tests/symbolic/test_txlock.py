"""txlock (InstantSend locking): n = 4, T = 3, one Byzantine masternode."""

from __future__ import annotations

from pathlib import Path

import pytest
from symbolic_helpers import ROOT, bounded_bfs

import checker
from checker.pipeline import load_model

SPEC = ROOT / "specs" / "TxLock.tla"
MODELS = ROOT / "models"


@pytest.mark.parametrize(
    ("invariant", "implied"),
    [
        ("NoConflictingLocksInd", ["NoConflictingLocks"]),
        ("TxLockInd", ["NoConflictingLocks", "LockNotReversed"]),
    ],
)
def test_no_conflicting_locks_with_its_support_is_inductive(
    invariant: str, implied: list[str]
) -> None:
    result = checker.prove(
        SPEC, MODELS / "TxLock.cfg", invariants=[invariant], implies=implied, trace_dir=None
    )
    assert (result.verdict, result.violation) == ("ok", None)
    assert [q.name for q in result.queries][-len(implied) :] == [
        f"{invariant} => {p}" for p in implied
    ]


@pytest.mark.parametrize("cfg", ["TxLock_bug_low_threshold", "TxLock_bug_equivocators"])
def test_unsafe_parameters_give_a_cti_in_lock(cfg: str) -> None:
    result = checker.prove(
        SPEC, MODELS / f"{cfg}.cfg", invariants=["NoConflictingLocksInd"], trace_dir=None
    )
    v = result.violation
    assert v is not None and v.kind == "cti"
    assert v.property == "NoConflictingLocks"
    assert v.action is not None and v.action.startswith("Lock(")


def test_too_low_threshold_gives_a_bmc_violation_as_bfs(tmp_path: Path) -> None:
    cfg = MODELS / "TxLock_bug_low_threshold.cfg"
    expected = bounded_bfs(load_model(SPEC, cfg), 10)
    result = checker.bmc(SPEC, cfg, depth=10, trace_dir=tmp_path)
    v = result.violation
    assert v is not None
    assert (v.kind, v.property, v.length) == ("invariant", expected.property, expected.length)
    assert v.length == 8
