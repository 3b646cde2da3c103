"""Operators of standard modules in modules that do not extend them.

The parser writes `a + b`, `s \\o t`, `d :> e` as `OpExpr` (the standard modules'
operators, evaluated natively). A module that does not have Naturals in scope may define
its own `+` (TLA+ allows it), so there `a + b` means that definition: `bind_standard_ops`
rewrites such an `OpExpr` into an `Apply` of the name `+`, which name resolution then
finds (a definition, a LET, an operator parameter) or reports (E201). Where the standard
module is in scope, a user definition of the same symbol is a duplicate (E203), so the
`OpExpr` keeps its standard meaning.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any

from checker.lang import ast
from checker.lang.stdlib import STANDARD


def missing_ops(std: frozenset[str]) -> frozenset[str]:
    """The standard modules' operator symbols that modules `std` do not provide."""
    provided = {op for name in std if name in STANDARD for op in STANDARD[name].infix}
    every = {op for mod in STANDARD.values() for op in mod.infix}
    return frozenset(every - provided)


def bind_standard_ops(module: ast.Module, std: frozenset[str]) -> ast.Module:
    """`module` with the standard operators it lacks turned into applications."""
    missing = missing_ops(std)
    if not any(isinstance(n, ast.OpExpr) and n.op in missing for n in ast.walk(module.units)):
        return module
    out: ast.Module = _rewrite(module, missing)
    return out


def _rewrite(x: Any, missing: frozenset[str]) -> Any:
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
        return ast.Apply(node.span, node.op, node.args)
    return node


_NODES = (
    ast.Expr,
    ast.Unit,
    ast.Module,
    ast.Bound,
    ast.ExceptUpdate,
    ast.FieldSel,
    ast.IndexSel,
)
