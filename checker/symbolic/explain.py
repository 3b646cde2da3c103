"""Explain a counterexample: the smallest named sub-formula that fails, checked twice.

The failing conjunct is found by evaluating the invariant on the concrete states with
the translator (every value concrete, so everything folds): descend into the first
false conjunct, through definitions and universal quantifiers, and name the last
definition met (`Inv > MsgInv > \\A m = [...] > SafeAt(v1, 2)` names SafeAt).

NOTE(double-check): before a counterexample is reported, the explicit evaluator
(checker/compile) replays it: each step must be a successor of the previous state, and
the invariant must be false where the symbolic engine says so. A disagreement is a bug
in one of the two encodings and raises `EncodingMismatch` instead of a wrong answer.
"""

from __future__ import annotations

import contextlib
import itertools

from checker.compile.model import Model as ExplicitModel
from checker.compile.model import ModelError
from checker.diagnostics import CheckerError
from checker.lang import ast
from checker.symbolic.problem import Formula, Problem
from checker.symbolic.prove import Outcome, State
from checker.symbolic.world import Frame, OpClosure
from checker.values import render


class EncodingMismatch(Exception):
    """The symbolic and the explicit engine disagree about a counterexample (a bug)."""


def failing_conjunct(
    p: Problem, state: State, formulas: list[Formula] | None = None
) -> tuple[str, tuple[str, ...]] | None:
    """(smallest failing named sub-formula, path to it) or None if every formula (by
    default, every invariant) holds."""
    smap = dict(zip(p.variables, state, strict=True))
    for inv in p.invariants if formulas is None else formulas:
        fr = Frame(inv.module, {}, smap)
        if _value(p, inv.body, fr) is False:
            path: list[tuple[str, str]] = [("def", inv.name)]
            with contextlib.suppress(CheckerError):  # keep what was found so far
                _walk(p, inv.body, fr, path)
            name = next(text for kind, text in reversed(path) if kind == "def")
            return _bare(name), tuple(text for _, text in path)
    return None


def _value(p: Problem, e: ast.Expr, fr: Frame) -> object:
    return p.tr.cond(e, fr)


def _walk(p: Problem, e: ast.Expr, fr: Frame, path: list[tuple[str, str]]) -> None:
    while True:
        if isinstance(e, ast.And):
            e = next(item for item in e.items if _value(p, item, fr) is False)
        elif isinstance(e, ast.OpExpr) and e.op == "=>":
            e = e.args[1]  # A => B is false: A holds and B fails
        elif isinstance(e, ast.Let):
            fr = p.tr.let_frame(e.defs, fr)
            e = e.body
        elif isinstance(e, (ast.Name, ast.Apply)):
            found = _definition(p, e, fr)
            if found is None:
                return
            e, fr, text = found
            path.append(("def", text))
        elif isinstance(e, ast.Quant) and e.kind == "A":
            step = _failing_binding(p, e, fr)
            if step is None:
                return
            fr, text = step
            path.append(("bind", text))
            e = e.body
        else:
            return


def _definition(
    p: Problem, e: ast.Name | ast.Apply, fr: Frame
) -> tuple[ast.Expr, Frame, str] | None:
    args = e.args if isinstance(e, ast.Apply) else ()
    local = fr.names.get(e.name)
    if isinstance(local, OpClosure) and local.defn is not None and local.frame is not None:
        d, base = local.defn, local.frame
    elif local is None:
        sym = p.world.symbol(fr.module, e.name)
        if sym is None or not isinstance(sym.unit, ast.OpDef) or sym.kind != "definition":
            return None
        d, base = sym.unit, Frame(sym.module, {}, fr.cur, fr.nxt)
    else:
        return None
    values, closures = p.tr.arguments_by_name(d.params, args, fr)
    params = [q.name for q in d.params if not q.arity]
    inner = base.bind({**closures, **dict(zip(params, values, strict=True))})
    text = d.name if not values else f"{d.name}({', '.join(render(v) for v in values)})"
    return d.body, inner, text


def _failing_binding(p: Problem, e: ast.Quant, fr: Frame) -> tuple[Frame, str] | None:
    for c, names in p.tr.bindings_by_name(e.bounds, fr):
        if c is True:
            inner = fr.bind(names)
            if _value(p, e.body, inner) is False:
                shown = ", ".join(f"{n} = {render(v)}" for n, v in names.items())
                return inner, f"\\A {shown}"
    return None


def _bare(text: str) -> str:
    return text.split("(", 1)[0]


# ---------------------------------------------------------------------------------------
# The double check (NOTE(double-check))


def double_check(p: Problem, outcome: Outcome) -> None:
    explicit = p.model
    states = outcome.states
    try:
        _replay(explicit, states)
        if outcome.kind == "deadlock":
            if explicit.successors(states[-1]):
                raise EncodingMismatch("the symbolic deadlock state has successors")
            return
        if outcome.kind in ("cti", "implication") and _violated(p, states[0], p.invariants):
            raise EncodingMismatch("the counterexample's first state violates the invariant")
        expected = p.implied if outcome.kind == "implication" else p.invariants
        if not _violated(p, states[-1], expected):
            raise EncodingMismatch("the explicit evaluator finds no property violated")
    except (CheckerError, ModelError):
        return  # the explicit evaluator cannot judge this (unreachable) state


def _replay(explicit: ExplicitModel, states: list[State]) -> None:
    for before, after in itertools.pairwise(states):
        if after not in {t for _, t in explicit.successors(before)}:
            raise EncodingMismatch(
                "a step of the symbolic counterexample is not a step of the spec:\n"
                + explicit.state_text(before)
                + "\n-->\n"
                + explicit.state_text(after)
            )


def _violated(p: Problem, state: State, formulas: list[Formula]) -> bool:
    from checker.compile.expr import ExprCompiler
    from checker.compile.scope import Scope

    explicit = p.model
    comp = ExprCompiler(explicit.ctx, "state")
    fns = [comp.compile(_name(f), Scope(p.world.root)).fn for f in formulas]
    env = explicit.ctx.scratch()
    env[: len(state)] = state
    return any(fn(env) is False for fn in fns)


def _name(f: Formula) -> ast.Expr:
    assert f.span is not None
    return ast.Name(f.span, f.name)
