"""Operators of standard modules in modules that do not have them in scope.

The parser writes `a + b`, `s \\o t`, `d :> e` as `OpExpr` (the standard modules'
operators, evaluated natively). A module that does not have Naturals in scope may define
its own `+` (TLA+ allows it), so there `a + b` means that definition: `bind_standard_ops`
rewrites such an `OpExpr` into an `Apply` of the name `+`, which name resolution then
finds (a definition, a LET, an operator parameter, an instance's `N!+`) or reports
(E201). Where the standard module is in scope, a user definition of the same symbol is a
duplicate (E203), so the `OpExpr` keeps its standard meaning.

This runs on the modules as loaded, before INSTANCE expansion (instance.py), so that the
definitions an instance copies already say which `+` they mean. The standard modules in
scope are found as the resolver finds them: EXTENDS (and what extended user modules
export) and unnamed `INSTANCE`s (LOCAL ones in scope but not exported).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any

from checker.lang import ast
from checker.lang.loader import LoadedSpec
from checker.lang.stdlib import STANDARD, closure, is_standard, supplied_in_closure


def bind_standard_ops(loaded: LoadedSpec) -> LoadedSpec:
    """`loaded` with, in each module, the standard operators it lacks as applications."""
    library = loaded.library or loaded.modules
    exported: dict[str, frozenset[str]] = {}
    bound: dict[str, ast.Module] = {}
    for m in library:
        bound[m.name] = _bind(m, exported)
    if all(bound[m.name] is m for m in library):
        return loaded
    return replace(
        loaded,
        root=bound.get(loaded.root.name, loaded.root),
        modules=tuple(bound.get(m.name, m) for m in loaded.modules),
        library=tuple(bound[m.name] for m in loaded.library),
    )


def _bind(m: ast.Module, exported: dict[str, frozenset[str]]) -> ast.Module:
    """`m` rewritten unit by unit with the standard modules in scope there (an unnamed
    INSTANCE brings its modules into scope for the units after it); records in
    `exported` the standard modules `m` exports."""
    names = [r.name for r in m.extends if is_standard(r.name, exported)]
    names += m.instance_std
    out = {s.name for s in closure(names, exported)}
    for name in supplied_in_closure(names, exported):  # the spec's own, in our place
        out |= exported.get(name, frozenset())
    for ref in m.extends:
        out |= exported.get(ref.name, frozenset())
    scope = out | {s.name for s in closure(list(m.local_std))}
    used = {n.op for n in ast.walk(m.units) if isinstance(n, ast.OpExpr) and n.op in _EVERY_OP}
    rewrite = bool(used & missing_ops(frozenset(scope)))  # scopes only grow below
    units: list[ast.Unit] = []
    for u in m.units:
        units.append(_rewrite(u, missing_ops(frozenset(scope))) if rewrite else u)
        if isinstance(u, ast.Instance) and u.name is None:
            if is_standard(u.module.name, exported):
                got = {s.name for s in closure([u.module.name])}
            else:
                got = set(exported.get(u.module.name, frozenset()))
            scope |= got
            if not u.local:
                out |= got
    exported[m.name] = frozenset(out)
    if all(a is b for a, b in zip(units, m.units, strict=True)):
        return m
    return replace(m, units=tuple(units))


def bind_expression_ops(e: ast.Expr, std: frozenset[str]) -> ast.Expr:
    """`e`, written where the standard modules `std` are in scope, with the standard
    operators they lack as applications (an expression typed by a user, resolve.py)."""
    rewritten: ast.Expr = _rewrite(e, missing_ops(std))
    return rewritten


def missing_ops(std: frozenset[str]) -> frozenset[str]:
    """The standard modules' operator symbols that modules `std` do not provide."""
    provided = {op for name in std if name in STANDARD for op in STANDARD[name].infix}
    return _EVERY_OP - provided


def _rewrite(x: Any, missing: frozenset[str]) -> Any:
    if not missing:
        return x
    if isinstance(x, tuple):
        items = tuple(_rewrite(i, missing) for i in x)
        return x if all(a is b for a, b in zip(items, x, strict=True)) else items
    if not is_dataclass(x) or isinstance(x, type) or not isinstance(x, _NODES):
        return x
    changes = {}
    for f in fields(x):
        if f.name == "span":
            continue
        old = getattr(x, f.name)
        new = _rewrite(old, missing)
        if new is not old:
            changes[f.name] = new
    node = replace(x, **changes) if changes else x
    if isinstance(node, ast.OpExpr) and node.op in missing:
        return _applied(node)
    return node


def _applied(node: ast.OpExpr) -> ast.Apply:
    """`a + b + c` as applications of the user's `+`: `(a + b) + c` (NOTE(flat-chains))."""
    args = node.args
    if len(args) <= 2:
        return ast.Apply(node.span, node.op, args)
    start = args[0].span
    left = ast.Apply(start.through(args[1].span), node.op, args[:2])
    for arg in args[2:]:
        left = ast.Apply(start.through(arg.span), node.op, (left, arg))
    return left


_EVERY_OP = frozenset(op for mod in STANDARD.values() for op in mod.infix)
_NODES = (
    ast.Expr,
    ast.Unit,
    ast.Module,
    ast.Bound,
    ast.ExceptUpdate,
    ast.FieldSel,
    ast.IndexSel,
    ast.RefPart,
    ast.Substitution,
)
