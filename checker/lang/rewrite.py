"""Rebuilding expressions with their binders in view: the walk under INSTANCE expansion.

`Rewriter.expr(e, env)` rebuilds `e`; `env` maps each name bound around the current point
(parameter, bound variable, LET name, LAMBDA parameter) to the name it gets in the result.
Subclasses decide what a binder is renamed to (`bind`), what a reference to a name that
is not bound becomes (`free`), and what an instance reference or an INSTANCE inside a LET
becomes. Nodes are shared when nothing below them changed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from checker.lang import ast

Env = dict[str, str]


class Rewriter:
    def bind(self, name: str, env: Env) -> str:
        """The name a binder gets; records it in `env`."""
        env[name] = name
        return name

    def free(self, e: ast.Name | ast.Apply, args: tuple[ast.Expr, ...], env: Env) -> ast.Expr:
        """A reference to a name not bound in the expression (`args` already rebuilt)."""
        if isinstance(e, ast.Apply) and args is not e.args:
            return replace(e, args=args)
        return e

    def instance_ref(self, e: ast.InstanceRef, env: Env) -> ast.Expr:
        return e

    def let_instance(self, d: ast.Instance, env: Env) -> list[ast.Unit]:
        return [d]

    # -- the walk -----------------------------------------------------------------------

    def expr(self, e: ast.Expr, env: Env) -> ast.Expr:
        if isinstance(e, ast.Name):
            if e.name in env:
                return e if env[e.name] == e.name else replace(e, name=env[e.name])
            return self.free(e, (), env)
        if isinstance(e, ast.Apply):
            args = self.exprs(e.args, env)
            if e.name in env:
                return replace(e, name=env[e.name], args=args)
            return self.free(e, args, env)
        if isinstance(e, ast.InstanceRef):
            return self.instance_ref(e, env)
        if isinstance(e, (ast.Quant, ast.FuncCons)):
            bounds, inner = self.bounds(e.bounds, env)
            return replace(e, bounds=bounds, body=self.expr(e.body, inner))
        if isinstance(e, ast.SetMap):
            bounds, inner = self.bounds(e.bounds, env)
            return replace(e, bounds=bounds, expr=self.expr(e.expr, inner))
        if isinstance(e, ast.Choose):
            (bound,), inner = self.bounds((e.bound,), env)
            return replace(e, bound=bound, body=self.expr(e.body, inner))
        if isinstance(e, ast.SetFilter):
            (bound,), inner = self.bounds((e.bound,), env)
            return replace(e, bound=bound, pred=self.expr(e.pred, inner))
        if isinstance(e, ast.Lambda):
            inner = dict(env)
            params = tuple(self.bind(p, inner) for p in e.params)
            return replace(e, params=params, body=self.expr(e.body, inner))
        if isinstance(e, ast.Let):
            inner = dict(env)
            defs = self.let_defs(e.defs, inner)
            return replace(e, defs=tuple(defs), body=self.expr(e.body, inner))
        rebuilt: ast.Expr = _rebuild(e, lambda c: self.expr(c, env))
        return rebuilt

    def exprs(self, es: tuple[ast.Expr, ...], env: Env) -> tuple[ast.Expr, ...]:
        out = tuple(self.expr(a, env) for a in es)
        return es if all(a is b for a, b in zip(out, es, strict=True)) else out

    def bounds(self, bounds: tuple[ast.Bound, ...], env: Env) -> tuple[tuple[ast.Bound, ...], Env]:
        """Binders of a quantifier: domains are read outside, as the resolver reads them."""
        inner = dict(env)
        out = []
        for b in bounds:
            domain = None if b.domain is None else self.expr(b.domain, env)
            names = tuple(self.bind(n, inner) for n in b.names)
            out.append(replace(b, names=names, domain=domain))
        return tuple(out), inner

    def params(self, params: tuple[ast.Param, ...], env: Env) -> tuple[ast.Param, ...]:
        return tuple(replace(p, name=self.bind(p.name, env)) for p in params)

    def let_defs(self, defs: tuple[ast.Unit, ...], env: Env) -> list[ast.Unit]:
        out: list[ast.Unit] = []
        declared: set[str] = set()  # RECURSIVE names of this LET, bound before their body
        for d in defs:
            if isinstance(d, ast.Recursive):
                declared.add(d.name)
                out.append(replace(d, name=self.bind(d.name, env)))
            elif isinstance(d, ast.OpDef):
                body_env = dict(env)
                params = self.params(d.params, body_env)
                body = self.expr(d.body, body_env)
                name = env[d.name] if d.name in declared else self.bind(d.name, env)
                out.append(replace(d, name=name, params=params, body=body))
            elif isinstance(d, ast.FuncDef):
                name = self.bind(d.name, env)
                bounds, inner = self.bounds(d.bounds, env)
                out.append(replace(d, name=name, bounds=bounds, body=self.expr(d.body, inner)))
            elif isinstance(d, ast.Instance):
                out.extend(self.let_instance(d, env))
            else:
                out.append(d)
        return out


def _rebuild(node: Any, f: Any) -> Any:
    """`node` with `f` applied to each expression directly below it."""
    changes = {}
    for name in node.__dataclass_fields__:
        if name == "span":
            continue
        value = getattr(node, name)
        new = _rebuild_value(value, f)
        if new is not value:
            changes[name] = new
    return replace(node, **changes) if changes else node


def _rebuild_value(value: Any, f: Any) -> Any:
    if isinstance(value, ast.Expr):
        return f(value)
    if isinstance(value, tuple):
        items = tuple(_rebuild_value(v, f) for v in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, (ast.ExceptUpdate, ast.IndexSel, ast.FieldSel)):
        return _rebuild(value, f)
    return value


def names_in(node: object) -> set[str]:
    """Every name used or bound anywhere below `node`."""
    out: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, (ast.Name, ast.Apply, ast.OpDef, ast.FuncDef, ast.Recursive, ast.Param)):
            out.add(n.name)
        elif isinstance(n, ast.Bound):
            out.update(n.names)
        elif isinstance(n, ast.Lambda):
            out.update(n.params)
    return out
