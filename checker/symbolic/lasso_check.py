"""The double check of a PROPERTY counterexample of bmc, by the explicit evaluator.

NOTE(double-check) for lassos: before a lasso is reported, the explicit engine's
closures replay it: every step (the step back too, unless the lasso stutters at its
end) is a successor the constraints allow, the part's compiled predicates (the ones
`checker check` evaluates) make it a violation as checker/liveness/check.py reads the
part's negation, and going round the loop is fair to every WF, SF and `<>[][A]_v`
condition, with ENABLED and the step tests compiled as the explicit engine compiles
them. A disagreement raises `EncodingMismatch`: a bug in one of the two encodings,
never a wrong counterexample.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from checker.compile.enabled import compile_enabled
from checker.compile.errors import EvalError
from checker.compile.expr import ExprCompiler
from checker.compile.model import Model, ModelError
from checker.compile.scope import Env
from checker.diagnostics import CheckerError
from checker.lang import ast
from checker.liveness.formula import Fair, Part, Pred
from checker.symbolic.explain import EncodingMismatch
from checker.symbolic.prove import Outcome, State

Test = Callable[[State], bool]
StepTest = Callable[[State, State], bool]


def double_check_part(model: Model, part: Part, fairness: tuple[Fair, ...], o: Outcome) -> None:
    """Raise EncodingMismatch unless the explicit evaluator agrees with `o`."""
    try:
        _replay(model, o)
        if o.loop is None:
            ok = _safety(model, part, o.states)
        else:
            ok = _violates(model, part, o) and all(_fair(model, f, o) for f in fairness)
    except (CheckerError, ModelError, EvalError):
        return  # the explicit evaluator cannot judge this: it reports its own errors
    if not ok:
        raise EncodingMismatch(
            f"the explicit evaluator does not confirm the counterexample to {part.name}"
        )


def _replay(model: Model, o: Outcome) -> None:
    pairs = list(itertools.pairwise(o.states))
    if o.loop is not None and o.loop < len(o.states) - 1:
        pairs.append((o.states[-1], o.states[o.loop]))
    for before, after in pairs:
        ok = after in {t for _, t in model.successors(before)}
        if not ok or not model.in_constraints(before) or not model.action_allowed(before, after):
            raise EncodingMismatch(
                "a step of the symbolic lasso is not a step of the model:\n"
                + model.state_text(before)
                + "\n-->\n"
                + model.state_text(after)
            )


def _state_test(model: Model, pred: Pred) -> Test:
    def test(state: State) -> bool:
        env = model.ctx.scratch()
        env[: len(state)] = state
        return pred.holds(env)

    return test


def _safety(model: Model, part: Part, states: list[State]) -> bool:
    if part.form == "action":
        env = model.ctx.scratch()
        n = len(states[0])
        env[:n], env[n : 2 * n] = states[-2], states[-1]
        return not part.p.holds(env)
    return not _state_test(model, part.p)(states[-1])


def _loop_steps(o: Outcome) -> list[tuple[State, State]]:
    assert o.loop is not None
    s = o.states
    steps = [(s[i], s[i + 1]) for i in range(o.loop, len(s) - 1)]
    if o.loop < len(s) - 1:
        steps.append((s[-1], s[o.loop]))
    return steps


def _all_steps(o: Outcome) -> list[tuple[State, State]]:
    assert o.loop is not None
    s = o.states
    steps = list(itertools.pairwise(s))
    if o.loop < len(s) - 1:
        steps.append((s[-1], s[o.loop]))
    return steps


def _violates(model: Model, part: Part, o: Outcome) -> bool:
    assert o.loop is not None
    states, loop = o.states, o.loop
    if part.given is not None:
        pred, value = part.given
        if _state_test(model, pred)(states[0]) != value:
            return False
    form = part.form
    if part.fair is not None:
        taken = _step_test(model, part.fair)
        in_loop = any(taken(a, b) for a, b in _loop_steps(o))
        if form == "eventually-action":
            return not any(taken(a, b) for a, b in _all_steps(o))
        if form == "infinitely-action":
            return not in_loop
        on = [_enabled_test(model, part.fair)(s) for s in states[loop:]]
        return not in_loop and (all(on) if form == "wf" else any(on))
    p = [_state_test(model, part.p)(s) for s in states]
    q = [_state_test(model, part.q)(s) for s in states] if part.q is not None else []
    return _by_states(form, loop, p, q)


def _by_states(form: str, loop: int, p: list[bool], q: list[bool]) -> bool:
    k = len(p) - 1
    after = [[j for j in range(k + 1) if j >= i or j >= loop] for i in range(k + 1)]
    if form == "eventually":
        return not any(p)
    if form == "infinitely":
        return not any(p[loop:])
    if form == "stable":
        return not all(p[loop:])
    if form == "always-from":
        return not all(p)
    if form == "leadsto":
        return any(p[i] and not any(q[j] for j in after[i]) for i in range(k + 1))
    if form == "leadsto-stable":
        return any(p) and not all(q[loop:])
    assert form == "stays"
    return any(p[i] and not all(q[j] for j in after[i]) for i in range(k + 1))


def _fair(model: Model, f: Fair, o: Outcome) -> bool:
    assert o.loop is not None
    taken = _step_test(model, f)
    steps = _loop_steps(o)
    if f.kind == "ALWAYS":
        return all(taken(a, b) for a, b in steps)
    if any(taken(a, b) for a, b in steps):
        return True
    enabled = _enabled_test(model, f)
    on = [enabled(s) for s in o.states[o.loop :]]
    return not all(on) if f.kind == "WF" else not any(on)


def _bound(model: Model, f: Fair) -> Env:
    env = model.ctx.scratch()
    for slot, value in f.bindings:
        env[slot] = value
    return env


def _step_test(model: Model, f: Fair) -> StepTest:
    fn = ExprCompiler(model.ctx, "action").compile(f.action, f.scope).fn

    def test(s: State, t: State) -> bool:
        env = _bound(model, f)
        n = len(s)
        env[:n], env[n : 2 * n] = s, t
        return fn(env) is True

    return test


def _enabled_test(model: Model, f: Fair) -> Test:
    op = ast.OpExpr(f.action.span, "ENABLED", (f.action,))
    fn = compile_enabled(model.ctx, op, f.scope).fn

    def test(s: State) -> bool:
        env = _bound(model, f)
        env[: len(s)] = s
        return fn(env) is True

    return test
