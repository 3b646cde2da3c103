"""The definitions of an instantiated module, rewritten for the instantiating one: each
name of M's bodies replaced by what it means there (see NOTE(instance-expansion) in
instance.py), binders renamed where they could capture or clash.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from checker.diagnostics import Span, error
from checker.lang import ast
from checker.lang.optable import BUILTIN
from checker.lang.rewrite import Env, Rewriter, names_in
from checker.lang.symbols import ModuleScope


@dataclass(frozen=True)
class Target:
    """The expanded name of a definition of M, and whether it is visible (not LOCAL)."""

    name: str
    public: bool


@dataclass(frozen=True)
class Op:
    """What `N!Op` stands for: a definition (the instance's arguments come first) or a
    standard operator (its alias `Module!Name`)."""

    target: str
    arity: int
    instance_args: bool


class Body(Rewriter):
    """Rewrites the definitions of one module of M's closure (`scope` is that module's)."""

    def __init__(
        self,
        inst: ast.Instance,
        scope: ModuleScope,
        substs: dict[str, ast.Expr],
        targets: dict[tuple[str, str], Target],
        avoid: set[str],
    ) -> None:
        self.inst = inst
        self.scope = scope
        self.substs = substs
        self.targets = targets
        self.avoid = avoid
        self.taken: set[str] = set(avoid)

    # -- units --------------------------------------------------------------------------

    def unit(self, u: ast.Unit, module: str) -> ast.Unit | None:
        """The expanded counterpart of `u`, None for what an instance does not keep
        (declarations, which are substituted; ASSUME and THEOREM)."""
        u = statement_definition(u) or u
        if not isinstance(u, (ast.OpDef, ast.FuncDef, ast.Recursive)):
            return None
        self.taken = self.avoid | names_in(u)
        target = self.targets[(module, u.name)]
        nparams = len(self.inst.params)
        if isinstance(u, ast.Recursive):
            return ast.Recursive(u.span, target.name, u.arity + nparams)
        local = self.inst.local or not target.public
        origin = u.origin if u.origin is not None else (module, u.name)
        if isinstance(u, ast.OpDef):
            env: Env = {}
            params = self.inst.params + self.params(u.params, env)
            body = self.expr(u.body, env)
            return ast.OpDef(u.span, target.name, params, body, local, origin)
        if not nparams:
            bounds, env = self.bounds(u.bounds, {})
            body = self.expr(u.body, env)
            return ast.FuncDef(u.span, target.name, bounds, body, local, origin)
        # N(p)!f is an operator of p whose value is the function (recursion stays inside)
        inner_name = self.fresh(u.name)
        bounds, env = self.bounds(u.bounds, {u.name: inner_name})
        fdef = ast.FuncDef(u.span, inner_name, bounds, self.expr(u.body, env))
        let = ast.Let(u.span, (fdef,), ast.Name(u.span, inner_name))
        return ast.OpDef(u.span, target.name, self.inst.params, let, local, origin)

    # -- binders ------------------------------------------------------------------------

    def fresh(self, name: str) -> str:
        i = 1
        while f"{name}_{i}" in self.taken:
            i += 1
        new = f"{name}_{i}"
        self.taken.add(new)
        return new

    def bind(self, name: str, env: Env) -> str:
        new = self.fresh(name) if name in self.avoid else name
        env[name] = new
        return new

    # -- references ---------------------------------------------------------------------

    def free(self, e: ast.Name | ast.Apply, args: tuple[ast.Expr, ...], env: Env) -> ast.Expr:
        name = e.name
        if isinstance(e, ast.Name) and name in ("BOOLEAN", "STRING"):  # keywords
            return e
        sym = self.scope.symbols.get(name)
        if sym is None and name in BUILTIN:  # TLA+'s own operator passed as an argument
            return e
        if sym is None:  # M was resolved on its own first, so this cannot happen
            raise error("E201", f"unknown name `{name}`", e.span)
        if sym.kind in ("constant", "variable"):
            return self.substituted(name, args, e.span)
        if sym.kind in ("theorem", "assumption") and (sym.module, name) not in self.targets:
            raise error(
                "E106",
                f"`{name}` names {'an' if sym.kind == 'assumption' else 'a'} {sym.kind}: an "
                "instantiated module's definitions cannot use it (not supported)",
                e.span,
                hint=f"state it as a definition in `{sym.module}` and use that",
            )
        if sym.kind == "builtin":
            return _ref(e.span, f"{sym.module}!{sym.name}", args)
        target = self.targets[(sym.module, name)]
        inst_args = tuple(ast.Name(e.span, p.name) for p in self.inst.params)
        if inst_args and sym.params and not args:  # an operator passed as an argument
            return self.partial(target.name, inst_args, len(sym.params), e.span)
        return _ref(e.span, target.name, inst_args + args)

    def substituted(self, name: str, args: tuple[ast.Expr, ...], span: Span) -> ast.Expr:
        sub = self.substs[name]
        if not args:
            return sub
        if isinstance(sub, ast.Lambda):
            return self.apply_lambda(sub, args)
        assert isinstance(sub, ast.Name)  # checked with the substitution
        return ast.Apply(span, sub.name, args)

    def apply_lambda(self, lam: ast.Lambda, args: tuple[ast.Expr, ...]) -> ast.Expr:
        return _Beta(self, dict(zip(lam.params, args, strict=True))).expr(lam.body, {})

    def partial(
        self, target: str, inst_args: tuple[ast.Expr, ...], arity: int, span: Span
    ) -> ast.Expr:
        params = tuple(self.fresh("a") for _ in range(arity))
        call = ast.Apply(span, target, inst_args + tuple(ast.Name(span, p) for p in params))
        return ast.Lambda(span, params, call)


class _Beta(Rewriter):
    """A LAMBDA's body with its parameters replaced by the arguments; every binder of the
    body is renamed afresh (the body may be used nested in itself)."""

    def __init__(self, body: Body, args: dict[str, ast.Expr]) -> None:
        self.body = body
        self.args = args

    def bind(self, name: str, env: Env) -> str:
        new = self.body.fresh(name)
        env[name] = new
        return new

    def free(self, e: ast.Name | ast.Apply, args: tuple[ast.Expr, ...], env: Env) -> ast.Expr:
        if isinstance(e, ast.Name) and e.name in self.args:
            return self.args[e.name]
        return e if isinstance(e, ast.Name) else replace(e, args=args)


def _ref(span: Span, name: str, args: tuple[ast.Expr, ...]) -> ast.Expr:
    return ast.Apply(span, name, args) if args else ast.Name(span, name)


def statement_definition(u: ast.Unit) -> ast.OpDef | None:
    """A named theorem or assumption whose statement is an expression, as the definition
    its name stands for (`THEOREM T == P` is `T == P`; TLC evaluates the name)."""
    if not isinstance(u, (ast.Theorem, ast.Assume)) or u.name is None:
        return None
    statement = u.statement if isinstance(u, ast.Theorem) else u.expr
    if not isinstance(statement, ast.Expr):
        return None
    return ast.OpDef(u.name_span or u.span, u.name, (), statement)
