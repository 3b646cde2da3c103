"""The library façade of the symbolic checker: `prove` and `bmc`.

>>> import checker
>>> r = checker.prove("specs/PaxosInductive.tla", "models/PaxosInductive.cfg",
...                   invariants=["Inv"])  # doctest: +SKIP
>>> r.verdict  # doctest: +SKIP
'ok'
>>> r = checker.bmc("specs/Paxos.tla", "models/Paxos.cfg", depth=6)  # doctest: +SKIP
>>> r.verdict, r.checked_depth  # doctest: +SKIP
('ok', 6)

Z3 is imported when one of them runs, not when `checker` is imported.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from checker.symbolic.result import (
    BmcResult,
    ProveResult,
    QueryStat,
    SymbolicObserver,
    SymbolicViolation,
)
from checker.traces.trace import Step, Trace

if TYPE_CHECKING:
    from checker.symbolic.lasso import PropertySearch
    from checker.symbolic.problem import Problem
    from checker.symbolic.prove import Outcome
    from checker.symbolic.solver import Solver

DEFAULT_TRACE_DIR = "counterexamples"


def prove(
    spec: str | Path,
    config: str | Path | None = None,
    *,
    invariants: Sequence[str] = (),
    implies: Sequence[str] = (),
    timeout: float | None = None,
    trace_dir: str | Path | None = DEFAULT_TRACE_DIR,
    observer: SymbolicObserver | None = None,
) -> ProveResult:
    """Check that the conjunction I of `invariants` (default: the config's INVARIANTs)
    is inductive: Init => I and I /\\ Next => I'. A counterexample to induction (or an
    initial state violating I) is returned in `result.violation` and written as ITF to
    `trace_dir` (None: not written). With `implies`, I => P is then checked for each
    named property P, as a validity over I's types. Bad input raises CheckerError."""
    from checker.symbolic.prove import run_prove

    start = time.monotonic()
    problem, solver = _setup(spec, config, invariants, timeout, observer, implies)
    outcome = run_prove(problem, solver)
    violation = _violation(problem, outcome, trace_dir, "cti")
    return ProveResult(
        outcome.verdict,
        problem.model.name,
        tuple(f.name for f in problem.invariants),
        time.monotonic() - start,
        _stats(solver),
        violation,
        outcome.unknown,
        tuple(f.name for f in problem.implied),
        _inferred(problem),
    )


def bmc(
    spec: str | Path,
    config: str | Path | None = None,
    *,
    depth: int,
    invariants: Sequence[str] = (),
    properties: Sequence[str] | None = None,
    timeout: float | None = None,
    trace_dir: str | Path | None = DEFAULT_TRACE_DIR,
    observer: SymbolicObserver | None = None,
) -> BmcResult:
    """Look for a violation of the invariants (default: the config's), of the PROPERTY
    parts (`properties`, default: the config's PROPERTY lines; temporal parts as lassos
    of at most `depth` steps under the spec's fairness) or a deadlock (unless
    CHECK_DEADLOCK FALSE) within `depth` steps; the shortest one found is returned in
    `result.violation` and written as ITF to `trace_dir`."""
    from checker.symbolic.bmc import run_bmc
    from checker.symbolic.lasso import PropertySearch
    from checker.symbolic.properties import model_properties

    start = time.monotonic()
    named = tuple(properties or ())
    problem, solver = _setup(spec, config, invariants, timeout, observer, (), named)
    props = model_properties(problem.model)
    search = None if props is None else PropertySearch(problem, solver, props)
    outcome = run_bmc(problem, solver, depth, search)
    violation: SymbolicViolation | None
    if search is not None and search.reported is not None:
        violation = _part_violation(problem, search, outcome, trace_dir)
    else:
        violation = _violation(problem, outcome, trace_dir, "bmc")
    return BmcResult(
        outcome.verdict,
        problem.model.name,
        tuple(f.name for f in problem.invariants),
        depth,
        outcome.checked_depth,
        time.monotonic() - start,
        _stats(solver),
        violation,
        outcome.unknown,
        _inferred(problem),
        tuple(n.name for n in problem.model.bound.properties),
    )


def _setup(
    spec: str | Path,
    config: str | Path | None,
    invariants: Sequence[str],
    timeout: float | None,
    observer: SymbolicObserver | None,
    implies: Sequence[str],
    properties: tuple[str, ...] | None = None,
) -> tuple[Problem, Solver]:
    """The model and its queries; `properties` (bmc only: () for the config's PROPERTY
    lines, or the names to check instead) lets a model without invariants through."""
    from checker.pipeline import load_model
    from checker.symbolic.problem import make_problem
    from checker.symbolic.solver import Solver

    # the closures are all Z3 needs
    named = properties or None
    model = load_model(spec, config, generate=False, properties=named)
    need = properties is None or not model.bound.properties  # bmc may check PROPERTY alone
    problem = make_problem(model, list(invariants), list(implies), need_invariant=need)
    return problem, Solver(problem.world.ctx, timeout, observer)


def _inferred(p: Problem) -> tuple[tuple[str, str], ...]:
    from checker.symbolic.infer import InferredType

    return tuple((v, t.shown) for v, t in p.types.items() if isinstance(t, InferredType))


def _stats(solver: Solver) -> tuple[QueryStat, ...]:
    return tuple(QueryStat(name, answer, secs) for name, answer, secs in solver.stats)


def _part_violation(
    p: Problem, search: PropertySearch, outcome: Outcome, trace_dir: str | Path | None
) -> SymbolicViolation:
    """A PROPERTY part's counterexample: a path to a state or step violating it, or a
    lasso (`kind` "liveness", `loop` and `back` set), checked twice."""
    from checker.symbolic.infer import check_inferred
    from checker.symbolic.lasso_check import double_check_part

    assert outcome.kind is not None and outcome.property is not None
    check_inferred(p.types, p.variables, outcome.states[-1])
    assert search.reported is not None
    double_check_part(p.model, search.reported, search.props.fairness, outcome)
    trace = Trace(
        p.variables,
        tuple(Step(s, a) for s, a in zip(outcome.states, outcome.labels, strict=True)),
        p.model.name,
        outcome.property,
        outcome.kind,
        tuple(p.model.model_values),
        loop=outcome.loop,
        back=outcome.back,
    )
    file = None
    if trace_dir is not None:
        from checker.traces.itf import write_itf

        target = Path(trace_dir) / f"{p.model.name}_{outcome.property}_bmc.itf.json"
        file = str(write_itf(trace, target))
    return SymbolicViolation(outcome.property, outcome.kind, trace, trace_file=file)


def _violation(
    p: Problem, outcome: Outcome, trace_dir: str | Path | None, suffix: str
) -> SymbolicViolation | None:
    from checker.symbolic.explain import double_check, failing_conjunct
    from checker.symbolic.infer import check_inferred

    if outcome.verdict != "violation" or outcome.kind is None:
        return None
    check_inferred(p.types, p.variables, outcome.states[-1])
    double_check(p, outcome)
    path: tuple[str, ...] = ()
    if outcome.kind == "deadlock":
        prop = "Deadlock"
    else:
        checked = p.implied if outcome.kind == "implication" else None
        found = failing_conjunct(p, outcome.states[-1], checked)
        prop, path = found if found is not None else (p.invariant_text, ())
        if outcome.kind == "invariant" and path:
            prop = path[0]  # as `check`: the invariant of the config that fails
    trace = Trace(
        p.variables,
        tuple(Step(s, a) for s, a in zip(outcome.states, outcome.labels, strict=True)),
        p.model.name,
        prop,
        outcome.kind,
        tuple(p.model.model_values),
        {"conjunct": " > ".join(path)} if path else {},
    )
    file = None
    if trace_dir is not None:
        from checker.traces.itf import write_itf

        kind = suffix if outcome.kind != "init" else "init"
        target = Path(trace_dir) / f"{p.model.name}_{prop}_{kind}.itf.json"
        file = str(write_itf(trace, target))
    action = outcome.labels[-1] if outcome.kind == "cti" else None
    return SymbolicViolation(prop, outcome.kind, trace, path, action, file)
