"""TLCGet("level") (NOTE(tlcget-level)): the level of the state being evaluated, as TLC's,
in Init, Next, CONSTRAINTs, ACTION_CONSTRAINTs, invariants and counterexamples; the
search's figures refused outside a POSTCONDITION (tests/engine/test_registers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

import checker
from checker.diagnostics import CheckerError

SPECS = Path(__file__).parent / "specs"
LEVEL = SPECS / "Level.tla"


@pytest.mark.parametrize("workers", [1, 2])
def test_counts_are_tlcs(workers: int) -> None:
    r = checker.check(LEVEL, SPECS / "Level.cfg", workers=workers, trace_dir=None)
    # TLC -workers 1: 12 distinct, 16 generated, depth 5
    assert (r.verdict, r.distinct_states, r.generated_states, r.depth) == ("ok", 12, 16, 5)
    assert r.codegen is not None and r.codegen.fallback_functions == ()


def test_a_counterexample_replays_the_levels(tmp_path: Path) -> None:
    text = LEVEL.read_text().replace(
        'StepOk == TLCGet("level") < 5 \\/ x > 3', 'StepOk == TLCGet("level") < 4 \\/ x < 3'
    )
    (tmp_path / "Level.tla").write_text(text)
    (tmp_path / "Level.cfg").write_text((SPECS / "Level.cfg").read_text())
    r = checker.check(tmp_path / "Level.tla", tmp_path / "Level.cfg", trace_dir=None)
    assert r.violation is not None and r.violation.property == "StepOk"
    # TLC's trace: lv = 0, 1, 2, 3 (Init sees level 0, Next from a state its level)
    assert [s.state for s in r.violation.trace.steps] == [(0, 0), (1, 1), (2, 2), (3, 3)]
    assert (r.distinct_states, r.generated_states) == (7, 8)  # TLC: 7, 8


def test_other_keys_are_refused(tmp_path: Path) -> None:
    text = LEVEL.read_text().replace(
        'Small == TLCGet("level") < 6', 'Small == TLCGet("diameter") < 6'
    )
    (tmp_path / "Level.tla").write_text(text)
    (tmp_path / "Level.cfg").write_text((SPECS / "Level.cfg").read_text())
    with pytest.raises(CheckerError) as exc:
        checker.check(tmp_path / "Level.tla", tmp_path / "Level.cfg", trace_dir=None)
    d = exc.value.diagnostics[0]
    assert d.code == "E106" and "only available in a POSTCONDITION" in d.message
    assert d.span is not None and d.span.line == 8
