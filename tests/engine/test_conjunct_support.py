"""NOTE(conjunct-support): an invariant `A /\\ B /\\ ...` skips, given the parent of the
state it is evaluated in, the conjuncts whose variables the step left as they were; the
verdicts, counts and counterexamples stay the closures' (CHECKER_CODEGEN=0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import check
from checker.pipeline import load_model
from tests.engine.test_codegen_memo import spec_files
from tests.engine.test_fast_paths import both_backends

COUNTERS = """---- MODULE Counters ----
EXTENDS Naturals, TLC
VARIABLES x, y, z
Init == x = 0 /\\ y = 0 /\\ z = 0
Next == \\/ x < 4 /\\ x' = x + 1 /\\ UNCHANGED <<y, z>>
        \\/ y < 4 /\\ y' = y + 1 /\\ UNCHANGED <<x, z>>
        \\/ z < 2 /\\ z' = z + 1 /\\ UNCHANGED <<x, y>>
Inv == /\\ x \\in 0..4
       /\\ y + z # LIMIT
       /\\ z \\in 0..2
       /\\ LEVEL
====
"""


def _spec(tmp_path: Path, limit: int, level: str = "TRUE") -> Path:
    text = COUNTERS.replace("LIMIT", str(limit)).replace("LEVEL", level)
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n"
    return spec_files(tmp_path, "Counters", text, cfg)


def test_each_conjunct_is_tested_only_where_its_variables_changed(tmp_path: Path) -> None:
    src = load_model(_spec(tmp_path, 99)).generated.sources["Inv"]
    assert "((s0 is t0) or " in src and "((s1 is t1 and s2 is t2) or " in src, src
    assert "((s2 is t2) or " in src
    assert "(TRUE" not in src


@pytest.mark.parametrize(
    ("limit", "level", "expected"),
    [
        (99, "TRUE", ("ok", 75, 171, None)),
        (6, "TRUE", None),  # y = 4, z = 2, whatever x
        (5, "TRUE", None),
        (99, 'TLCGet("level") + x - x < 9', None),  # never skipped: it reads the level
    ],
)
def test_skipped_conjuncts_change_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    limit: int,
    level: str,
    expected: tuple[object, ...] | None,
) -> None:
    spec = _spec(tmp_path, limit, level)
    results = [both_backends(spec, monkeypatch, codegen) for codegen in ("1", "0")]
    assert results[0] == results[1]
    if expected is not None and expected[0] == "ok":
        assert results[0] == expected
    if limit < 99 or level != "TRUE":
        assert results[0][0] == "violation"
        traces = []
        for codegen in ("1", "0"):
            monkeypatch.setenv("CHECKER_CODEGEN", codegen)
            r = check(spec, trace_dir=None)
            assert r.violation is not None and r.violation.property == "Inv"
            traces.append(r.violation.trace.steps)
        assert traces[0] == traces[1]
