"""Refinement checked as TLC checks it (NOTE(refinement) in checker/compile/refinement.py):
`PROPERTY AS!Spec` with `AS == INSTANCE RefA WITH x <- e`. Every verdict and figure here
is TLC's on the same files (specs/refinement/, TLC -workers 1 -lncheck final, config
`SPECIFICATION <spec>` / `PROPERTY Prop` / `CHECK_DEADLOCK FALSE`), run once and pinned
as facts. Before, each model with an expression substituted stopped with E406 (`n'` has
no value yet), and RefF and RefG (the UNCHANGED and twice-substituted cases) passed
where TLC finds the violation.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import checker
from checker import pipeline

SPECS = Path(__file__).parent / "specs" / "refinement"

# (module, specification) -> (TLC's verdict, distinct states, depth)
TLC = {
    # x <- (n = 2), n = 0, 1, 2 without fairness: stuttering before n = 2 (TLC's lasso
    # stutters at n = 1), where ENABLED <<Flip>>_x holds
    ("RefB", "Spec"): ("liveness", 3, 3),
    ("RefB", "FSpec"): ("ok", 3, 3),
    ("RefC", "Spec"): ("liveness", 2, 2),  # n stops at 1: x stays FALSE, Flip enabled
    # x <- (n # n), always FALSE: no step of n can make it TRUE, yet TLC's ENABLED
    # <<Flip>>_x is TRUE (x' is a fresh variable), so stuttering at n = 3 violates WF
    ("RefD", "Spec"): ("liveness", 4, 4),
    # two abstract variables, a tuple subscript and UNCHANGED y: the steps are IncX steps
    ("RefE", "Spec"): ("ok", 3, 3),
    # x <- n, y <- n + 0, n never moves: UNCHANGED y gives y' the value of n + 0 and x'
    # is n' = 1, so <<IncX>>_vars is enabled although no n' satisfies both
    ("RefF", "Spec"): ("liveness", 1, 1),
    # x <- n, y <- n: plain variables substituted twice are fresh variables too
    ("RefG", "Spec"): ("liveness", 1, 1),
    # x <- m, a plain variable: nothing changes
    ("RefH", "Spec"): ("liveness", 2, 2),
    ("RefH", "FSpec"): ("ok", 2, 2),
    # x substituted implicitly by the definition `x == n = 2` (EWD840's TDSpec form)
    ("RefI", "Spec"): ("liveness", 3, 3),
    ("RefI", "FSpec"): ("ok", 3, 3),
    # a step of n that is not a [Flip]_x step (x: FALSE, TRUE, FALSE): the action part
    ("RefK", "Spec"): ("action", 3, 3),
    # the abstract module written as a submodule of the implementation's file
    ("RefL", "Spec"): ("liveness", 4, 4),
    # `CanFlip == ENABLED Flip` in RefA, read through the instance: x' fresh there too
    ("RefM", "Spec"): ("liveness", 4, 4),
}


def check(tmp_path: Path, module: str, spec: str) -> checker.CheckResult:
    for f in SPECS.glob("*.tla"):
        shutil.copy(f, tmp_path / f.name)
    cfg = tmp_path / f"{module}.cfg"
    cfg.write_text(f"SPECIFICATION {spec}\nPROPERTY Prop\nCHECK_DEADLOCK FALSE\n")
    return checker.check(tmp_path / f"{module}.tla", trace_dir=None)


@pytest.mark.parametrize(("module", "spec"), sorted(TLC), ids=[f"{m}-{s}" for m, s in sorted(TLC)])
def test_refinement_verdicts_are_tlcs(tmp_path: Path, module: str, spec: str) -> None:
    r = check(tmp_path, module, spec)
    want, distinct, depth = TLC[(module, spec)]
    if want == "ok":
        assert r.verdict == "ok" and r.violation is None
    else:
        assert r.violation is not None
        assert (r.violation.kind, r.violation.property) == (want, "Prop")
    assert (r.distinct_states, r.depth) == (distinct, depth)


def test_rule_differs_from_an_implementation_successor(tmp_path: Path) -> None:
    """RefD: stuttering forever at n = 3, the lasso TLC reports (its states 1-4, then
    Stuttering), although no implementation step makes `n # n` TRUE."""
    r = check(tmp_path, "RefD", "Spec")
    assert r.violation is not None
    trace = r.violation.trace
    assert [s.state for s in trace.steps] == [(0,), (1,), (2,), (3,)]
    assert trace.loop == 3 and trace.back is None


def test_an_enabled_written_in_the_implementation_substitutes(tmp_path: Path) -> None:
    """RefJ: `WF_n(AS!Flip)` is written in RefJ, so its ENABLED reads `(n = 2)'` (the
    substitution is in view, not a fresh x'): TLC stops with an error ("the identifier n
    is either undefined"), and so do we."""
    r = check(tmp_path, "RefJ", "Spec")
    assert r.verdict == "error" and r.error is not None
    assert r.error.code == "E406" and "`n'` has no value yet" in r.error.message


def test_which_substitutions_are_abstract_variables() -> None:
    """An explicit WITH, and an implicit one by a definition, are recorded; an implicit
    `x <- x` by a variable of the same name is the implementation's own x."""

    def names(module: str) -> list[tuple[str, str]]:
        loaded = pipeline.resolve_file(SPECS / f"{module}.tla").spec.loaded
        return [(a.name, a.inside[0].path.rsplit("/", 1)[-1]) for a in loaded.abstract]

    assert names("RefD") == [("x", "RefA.tla")]
    assert names("RefE") == [("x", "RefA2.tla"), ("y", "RefA2.tla")]
    assert names("RefI") == [("x", "RefA.tla")]
    assert names("RefA") == []
