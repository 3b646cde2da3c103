"""Fairness conditions about a disjunct of Next, decided on the labels of the search's own
successors.

NOTE(label-shortcut): the search labels each successor with the action definition Next
entered last at its top level and the values of its arguments (`Phase1b(a1)`: the site
and `(a1,)`, compile/action.py `enter`); a label is set on entering the definition and
the successor is emitted from inside its body's continuation, so a successor labelled
`(D, vals)` satisfies `D(vals)`. The converse holds when Next reaches a call of D by a
clean path, only disjunctions and `\\E x \\in S` with S constant (no name bound on the
path inside S) down to `D(x1, ..., xk)` whose arguments are bound names of the path,
each domain non-empty: then every way D(vals) is satisfied from a state s, for vals in
the domains, is one of Next's ways, emitted under the label `(D, vals)` (nothing after
the call restricts it). For a condition whose action is `D(e1, ..., ek)` (or
`\\E y \\in T : D(...)` over constant sets, each e constant where the condition is read)
with such a path, the `<<A>>_v` successors of a state are the successors the search
computed for it with one of the condition's labels, v changing; ENABLED `<<A>>_v` holds
iff one exists (read before CONSTRAINT and ACTION_CONSTRAINT, which do not restrict
ENABLED), and a recorded step (s, t) is an A step iff t's fingerprint is one of those
successors'. The one-worker recorder sees each expanded state's successors
(Recorder.on_expand) and evaluates nothing for such a condition; a parallel worker does
not see labels and evaluates as before (the same bits).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from checker import ir
from checker.compile.behaviour import level_of
from checker.compile.context import Context
from checker.compile.errors import EvalError
from checker.compile.expr import ExprCompiler
from checker.compile.scope import Scope
from checker.lang import ast
from checker.lang.resolve import CONSTANT
from checker.liveness.formula import Fair
from checker.values import LazySet, Value
from checker.values.equality import strict_key

Key = tuple[int, tuple[Value, int]]  # a site and its arguments' strict_key


@dataclass(frozen=True)
class CleanCall:
    """A clean call of a definition in Next: its site and, per argument, the domain of
    the bound name it is."""

    site: int
    defn: ast.OpDef
    domains: tuple[frozenset[tuple[Value, int]], ...]  # their values' strict_key


def clean_calls(ctx: Context, lowered: ir.Lowered, module: str) -> list[CleanCall]:
    """The calls of named definitions Next reaches by a clean path (NOTE(label-shortcut))."""
    out: list[CleanCall] = []
    comp = ExprCompiler(ctx, "state")

    def walk(node: ir.Node, bound: dict[str, frozenset[Value]], module: str) -> None:
        if isinstance(node, ir.Disj):
            for item in node.items:
                walk(item, bound, module)
        elif isinstance(node, ir.Exists):
            inner = dict(bound)
            for b in node.bounds:
                domain = _constant_set(ctx, comp, b, bound, module)
                if domain is None or not domain:
                    return
                inner.update((name, domain) for name in b.names)
            walk(node.body, inner, module)
        elif isinstance(node, ir.Call) and node.site is not None and not node.local:
            names = [a.name if isinstance(a, ast.Name) else None for a in node.args]
            if all(p.arity == 0 for p in node.defn.params) and all(n in bound for n in names):
                domains = tuple(
                    frozenset(strict_key(v) for v in bound[n]) for n in names if n is not None
                )
                if len(set(names)) == len(names):
                    out.append(CleanCall(node.site, node.defn, domains))

    walk(lowered.root, {}, module)
    return out


def _constant_set(
    ctx: Context,
    comp: ExprCompiler,
    b: ast.Bound,
    bound: dict[str, frozenset[Value]],
    module: str,
) -> frozenset[Value] | None:
    """The value of a bound's domain when it is a constant set naming no bound name."""
    domain = getattr(b, "domain", None)
    if domain is None or b.is_tuple or level_of(ctx.resolved, domain, module) != CONSTANT:
        return None
    if any(isinstance(n, ast.Name) and n.name in bound for n in ast.walk(domain)):
        return None
    try:
        fn = comp.compile(domain, Scope(module)).fn
        value = fn(ctx.scratch())
    except EvalError:  # the search meets the same error where it evaluates the domain
        return None
    if isinstance(value, LazySet) and value.finite:
        return value.materialize()
    return value if isinstance(value, frozenset) else None


def label_keys(ctx: Context, paths: list[CleanCall], fair: Fair) -> frozenset[Key] | None:
    """The labels of the condition's action's steps, when every one is one of Next's
    labels by a clean path (None: the condition is evaluated as before)."""
    action = fair.action.action
    quantified: list[tuple[str, frozenset[Value]]] = []
    comp = ExprCompiler(ctx, "state")
    module = fair.scope.module
    if isinstance(action, ast.Quant) and action.kind == "E":
        for b in action.bounds:
            domain = _constant_set(ctx, comp, b, {}, module)
            if domain is None:
                return None
            quantified += [(name, domain) for name in b.names]
        action = action.body
    if not isinstance(action, (ast.Name, ast.Apply)) or fair.scope.lookup(action.name):
        return None
    sym = ctx.resolved.symbol(module, action.name)
    if sym is None or not isinstance(sym.unit, ast.OpDef):
        return None
    path = next((p for p in paths if p.defn is sym.unit), None)
    args = action.args if isinstance(action, ast.Apply) else ()
    if path is None or len(args) != len(path.domains):
        return None
    names = {n for n, _ in quantified}
    keys: set[Key] = set()
    for values in _product(quantified):
        vals = []
        for a in args:
            if isinstance(a, ast.Name) and a.name in names:
                vals.append(values[a.name])
            elif level_of(ctx.resolved, a, module) == CONSTANT and not _names(a, names):
                fn = comp.compile(a, fair.scope).fn
                env = ctx.scratch()
                for slot, value in fair.bindings:
                    env[slot] = value
                try:
                    vals.append(fn(env))
                except EvalError:  # evaluated as before, where the error is reported
                    return None
            else:
                return None
        if any(strict_key(v) not in d for v, d in zip(vals, path.domains, strict=True)):
            return None  # TRUE is not 1 (NOTE(bool-int))
        keys.add((path.site, strict_key(tuple(vals))))
    return frozenset(keys)


def _names(e: ast.Expr, names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.name in names for n in ast.walk(e))


def _product(quantified: list[tuple[str, frozenset[Value]]]) -> Iterator[dict[str, Value]]:
    names = [n for n, _ in quantified]
    for combo in itertools.product(*(list(d) for _, d in quantified)):
        yield dict(zip(names, combo, strict=True))
