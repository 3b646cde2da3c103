"""Temporal formulas checked with a tableau (liveness/ltl.py, product.py: NOTE(tableau),
NOTE(product)): Boolean combinations and nestings, against TLC's verdicts on the same
spec and configs (TLC -workers 1 -lncheck final, run once and pinned here as facts), and
every counterexample evaluated independently: its lasso must be a behaviour of the spec
that violates the formula."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

import checker
from checker.diagnostics import CheckerError

SPECS = Path(__file__).parent / "specs"


def run(tmp_path: Path, cfg: str) -> checker.CheckResult:
    (tmp_path / "Combos.tla").write_text((SPECS / "Combos.tla").read_text())
    (tmp_path / "Combos.cfg").write_text(cfg)
    return checker.check(tmp_path / "Combos.tla", trace_dir=None)


# -- an independent reading of the formulas on a lasso ----------------------------------------

State = tuple[int, int]  # (x, y)
F = Callable[[list[State], int, int], bool]  # (states, loop, position) -> holds


def _later(states: list[State], loop: int, i: int) -> list[int]:
    """The positions at and after i on the lasso (it goes back to `loop` forever)."""
    return list(range(i, len(states))) + list(range(loop, i))


def atom(p: Callable[[int, int], bool]) -> F:
    return lambda s, loop, i: p(*s[i])


def always(f: F) -> F:
    return lambda s, loop, i: all(f(s, loop, j) for j in _later(s, loop, i))


def eventually(f: F) -> F:
    return lambda s, loop, i: any(f(s, loop, j) for j in _later(s, loop, i))


def both(*fs: F) -> F:
    return lambda s, loop, i: all(f(s, loop, i) for f in fs)


def either(*fs: F) -> F:
    return lambda s, loop, i: any(f(s, loop, i) for f in fs)


def neg(f: F) -> F:
    return lambda s, loop, i: not f(s, loop, i)


def implies(a: F, b: F) -> F:
    return either(neg(a), b)


def x_is(v: int) -> F:
    return atom(lambda x, y: x == v)


def y_is(v: int) -> F:
    return atom(lambda x, y: y == v)


READING: dict[str, F] = {
    "OrStable": either(always(eventually(x_is(3))), eventually(always(y_is(1)))),
    "Implies": implies(eventually(always(x_is(3))), always(eventually(y_is(1)))),
    "SomeValue": either(*(eventually(always(y_is(v))) for v in (0, 1))),
    "Infinitely": implies(always(eventually(y_is(1))), always(eventually(x_is(0)))),
    "WithLet": either(always(implies(x_is(3), eventually(x_is(0)))), eventually(y_is(1))),
    "ReachHold": eventually(both(x_is(2), always(atom(lambda x, y: x >= 2)))),
    "Both": always(both(eventually(x_is(1)), eventually(x_is(2)))),
    "Chain": always(implies(x_is(1), eventually(both(x_is(2), eventually(x_is(3)))))),
    "EveryValue": both(
        *(either(always(eventually(x_is(v))), eventually(always(x_is(3)))) for v in range(4))
    ),
    "Cond": either(both(y_is(0), eventually(x_is(3))), both(neg(y_is(0)), always(x_is(0)))),
    "Equiv": either(
        both(always(eventually(x_is(0))), always(eventually(x_is(3)))),
        both(neg(always(eventually(x_is(0)))), neg(always(eventually(x_is(3))))),
    ),
    "NotAlways": neg(always(atom(lambda x, y: x < 3))),
    "CondGeneral": implies(
        y_is(0), implies(eventually(always(x_is(3))), always(eventually(y_is(1))))
    ),
    "CondVacuous": implies(
        y_is(1), implies(eventually(always(x_is(3))), always(eventually(y_is(1))))
    ),
    "StableOr": either(
        eventually(always(x_is(3))), eventually(always(x_is(0))), always(eventually(x_is(1)))
    ),
}

# (specification, property) -> TLC's verdict: True when TLC reports no error. TLC
# refuses `Equiv` ("TLC cannot handle the temporal formula": it has no <=> of temporal
# formulas); its verdicts there follow from the readings above.
HOLDS = {
    "OrStable": (True, True, True),
    "Implies": (False, True, True),
    "SomeValue": (False, False, False),
    "Infinitely": (False, True, False),
    "WithLet": (False, True, True),
    "ReachHold": (False, False, False),
    "Refines": (True, True, True),
    "Both": (False, True, False),
    "Chain": (True, True, True),
    "StepsImply": (True, True, True),
    "EveryValue": (True, True, True),
    "Cond": (True, True, True),
    "CondGeneral": (False, True, True),
    "CondVacuous": (True, True, True),
    "Equiv": (False, True, False),
    "NotAlways": (True, True, True),
    "StableOr": (True, True, True),
}
SPECS_ORDER = ("Spec", "FairSpec", "StrongSpec")
CASES = [(s, p) for p in sorted(HOLDS) for s in SPECS_ORDER]


@pytest.mark.parametrize(("spec", "prop"), CASES, ids=[f"{s}-{p}" for s, p in CASES])
def test_verdicts_as_tlc(tmp_path: Path, spec: str, prop: str) -> None:
    r = run(tmp_path, f"SPECIFICATION {spec}\nPROPERTY {prop}\n")
    holds = HOLDS[prop][SPECS_ORDER.index(spec)]
    assert (r.distinct_states, r.generated_states) == (8, 17)  # TLC: 8 distinct, 17 generated
    if holds:
        assert r.violation is None and r.verdict == "ok"
        return
    assert r.violation is not None
    assert (r.violation.kind, r.violation.property) == ("liveness", prop)
    trace = r.violation.trace
    assert trace.loop is not None
    states = [(s.state[0], s.state[1]) for s in trace.steps]
    assert states[0] == (0, 0)
    if trace.back is None:  # stuttering forever in the last state
        lasso_states, loop = states, len(states) - 1
        assert trace.loop == loop
    else:
        lasso_states, loop = states, trace.loop
    assert not READING[prop](lasso_states, loop, 0), "the lasso satisfies the formula"


def test_lassos_are_behaviours_of_the_spec(tmp_path: Path) -> None:
    """Each step of a counterexample is one of Next's, the step back too."""
    r = run(tmp_path, "SPECIFICATION StrongSpec\nPROPERTY Both\n")
    assert r.violation is not None
    trace = r.violation.trace
    assert trace.loop is not None
    states = [(s.state[0], s.state[1]) for s in trace.steps]

    def step(a: State, b: State) -> bool:
        (x, y), (x2, y2) = a, b
        inc = x < 3 and (x2, y2) == (x + 1, y)
        return inc or (x2, y2) == (x, 1 - y) or (x == 3 and (x2, y2) == (0, y))

    assert all(step(a, b) for a, b in itertools.pairwise(states))
    if trace.back is not None:
        assert step(states[-1], states[trace.loop])
    # SF_vars(Flip): Flip is always enabled, so a fair lasso's cycle flips y
    cycle = states[trace.loop :]
    assert trace.back is not None and len({y for _, y in cycle}) == 2


def test_same_counterexample_on_every_run(tmp_path: Path) -> None:
    cfg = "SPECIFICATION Spec\nPROPERTY Chain\nPROPERTY Infinitely\n"
    first = run(tmp_path, cfg)
    again = run(tmp_path, cfg)
    assert first.violation is not None and again.violation is not None
    assert first.violation.trace == again.violation.trace


def test_an_action_inside_a_temporal_formula_is_refused(tmp_path: Path) -> None:
    spec = (
        (SPECS / "Combos.tla")
        .read_text()
        .replace("====", "Bad == <>(x' > x) \\/ []<>(y = 1)\n====")
    )
    (tmp_path / "Combos.tla").write_text(spec)
    (tmp_path / "Combos.cfg").write_text("SPECIFICATION Spec\nPROPERTY Bad\n")
    with pytest.raises(CheckerError) as err:
        checker.check(tmp_path / "Combos.tla", trace_dir=None)
    d = err.value.diagnostics[0]
    assert d.code == "E314" and "x' > x" in d.message


@pytest.mark.parametrize(("spec", "holds"), [("CondSpec", True), ("NoCondSpec", False)])
def test_fairness_under_a_condition_on_constants(tmp_path: Path, spec: str, holds: bool) -> None:
    """`c => WF_v(A)` and `IF c THEN WF.. ELSE WF..` in the SPECIFICATION with c a constant
    (quantified variables allowed) apply the fairness c selects (TLC: CondSpec no error,
    NoCondSpec violates Implies)."""
    r = run(tmp_path, f"SPECIFICATION {spec}\nPROPERTY Implies\n")
    assert (r.violation is None) == holds


# (specification with a temporal assumption, property) -> TLC's verdict (True: no error)
ASSUMED = {
    "AssumeInf": {"Implies": True, "Both": False, "ReachHold": False, "Infinitely": True},
    "AssumeStable": {"Implies": True, "OrStable": True, "Infinitely": False, "Both": False},
    "AssumeLeads": {"Both": True, "ReachHold": False, "OrStable": True, "Infinitely": True},
}
ASSUMED_CASES = [(s, p) for s in sorted(ASSUMED) for p in sorted(ASSUMED[s])]


@pytest.mark.parametrize(
    ("spec", "prop"), ASSUMED_CASES, ids=[f"{s}-{p}" for s, p in ASSUMED_CASES]
)
def test_temporal_assumptions_of_the_specification(tmp_path: Path, spec: str, prop: str) -> None:
    """`Spec == Init /\\ [][Next]_v /\\ []<>P` (or <>[]P, P ~> Q): the property is checked on
    the behaviours that satisfy the assumption too, as TLC does."""
    r = run(tmp_path, f"SPECIFICATION {spec}\nPROPERTY {prop}\n")
    assert (r.violation is None) == ASSUMED[spec][prop]
    if r.violation is not None:  # the lasso satisfies the assumption and violates the part
        trace = r.violation.trace
        states = [(s.state[0], s.state[1]) for s in trace.steps]
        loop = len(states) - 1 if trace.back is None else trace.loop
        assert loop is not None
        assert not READING[prop](states, loop, 0)
        assumption = {
            "AssumeInf": always(eventually(x_is(0))),
            "AssumeStable": eventually(always(y_is(1))),
            "AssumeLeads": always(implies(x_is(3), eventually(x_is(0)))),
        }[spec]
        assert assumption(states, loop, 0)


def test_a_state_predicate_always_in_the_specification_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CheckerError) as err:
        run(tmp_path, "SPECIFICATION AssumeBox\nPROPERTY Both\n")
    d = err.value.diagnostics[0]
    assert d.code == "E314" and "TLC refuses it too" in d.message


@pytest.mark.parametrize(
    ("prop", "holds"),
    [("CondInit", True), ("CondInitBad", False), ("CondAction", False), ("CondActionOk", True)],
)
def test_conditional_state_predicates_and_action_properties(
    tmp_path: Path, prop: str, holds: bool
) -> None:
    """`IF c THEN P ELSE F` and `c => [][A]_v` (c a state predicate): P, [][A]_v apply to
    the behaviours starting where c holds (TLC agrees on CondInit and CondInitBad; it
    refuses the action forms, whose verdicts follow from the spec: Reset lowers x)."""
    r = run(tmp_path, f"SPECIFICATION FairSpec\nPROPERTY {prop}\n")
    assert (r.violation is None) == holds
    if prop == "CondAction":
        assert r.violation is not None
        trace = r.violation.trace
        xs = [s.state[0] for s in trace.steps]
        assert trace.loop is not None
        pairs = list(itertools.pairwise(xs))
        if trace.back is not None:
            pairs.append((xs[-1], xs[trace.loop]))
        assert any(b < a for a, b in pairs)  # a step where x' >= x fails
