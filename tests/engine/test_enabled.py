"""ENABLED (NOTE(enabled)): evaluated as TLC's Tool.enabled, in guards of Next and in
invariants, with TLC's counts; refused where it cannot be evaluated."""

from __future__ import annotations

from pathlib import Path

import pytest

import checker
from checker.diagnostics import CheckerError

SPECS = Path(__file__).parent / "specs"


@pytest.mark.parametrize("workers", [1, 2])
def test_counts_are_tlcs(workers: int) -> None:
    """En.tla: ENABLED over quantifiers, of an action passed as an argument (`Can(Go(p))`,
    substituted), of an action leaving variables without a value (`Partial`), and inside
    an action whose own n' must survive it (`Bump`: last' = n' after ENABLED (n' = 7))."""
    r = checker.check(SPECS / "En.tla", SPECS / "En.cfg", workers=workers, trace_dir=None)
    assert r.violation is not None and r.violation.kind == "deadlock"
    # TLC -workers 1: deadlock, 29 states generated, 16 distinct, depth 9
    assert (r.distinct_states, r.generated_states, r.depth) == (16, 29, 9)


def _spec(tmp_path: Path, body: str) -> tuple[Path, Path]:
    tla = tmp_path / "M.tla"
    tla.write_text(
        f"---- MODULE M ----\nEXTENDS Naturals\nVARIABLES x\nInit == x = 0\n{body}\n====\n"
    )
    cfg = tmp_path / "M.cfg"
    cfg.write_text("INIT Init\nNEXT Next\nINVARIANT Inv\n")
    return tla, cfg


def test_enabled_of_a_false_guard_is_false(tmp_path: Path) -> None:
    tla, cfg = _spec(
        tmp_path,
        "A == x > 5 /\\ x' = 0\nNext == x < 3 /\\ x' = x + 1\nInv == ~ENABLED A",
    )
    r = checker.check(tla, cfg, trace_dir=None)
    assert r.verdict == "violation" and r.violation is not None
    assert r.violation.kind == "deadlock" and r.distinct_states == 4  # TLC: 4


def test_an_error_inside_enabled_is_the_specs(tmp_path: Path) -> None:
    tla, cfg = _spec(
        tmp_path,
        "f == [i \\in 1..2 |-> i]\nNext == x' = (x + 1) % 3\nInv == ENABLED (x' = f[x])",
    )
    r = checker.check(tla, cfg, trace_dir=None)
    assert r.verdict == "error" and r.error is not None
    assert r.error.code == "E403" and r.error.span is not None and r.error.span.line == 7


def test_enabled_under_a_prime_is_refused(tmp_path: Path) -> None:
    tla, cfg = _spec(tmp_path, "Next == x' = (x + 1) % 3 /\\ (ENABLED (x' = 1))'\nInv == TRUE")
    with pytest.raises(CheckerError) as exc:
        checker.check(tla, cfg, trace_dir=None)
    assert exc.value.diagnostics[0].code == "E106"


def test_the_symbolic_checker_refuses_enabled_at_its_place() -> None:
    with pytest.raises(CheckerError) as exc:
        checker.bmc(SPECS / "En.tla", SPECS / "En.cfg", depth=2, trace_dir=None)
    d = exc.value.diagnostics[0]
    assert d.code == "E602" and "ENABLED" in d.message
