"""Name resolution inside expressions: levels, primes, binders and LET, as a mixin of
the resolver (resolve.py), which walks the modules and definitions and owns the state
declared below; references to names are resolved by the ReferenceResolver mixin
(resolve_names.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from checker.diagnostics import Diagnostic, Note
from checker.lang import ast
from checker.lang.optable import BUILTIN
from checker.lang.optable import arity as op_arity
from checker.lang.resolve_names import ReferenceResolver
from checker.lang.symbols import (
    ACTION,
    CONSTANT,
    LEVEL_NAMES,
    STATE,
    TEMPORAL,
    Env,
    Local,
    count_args,
    defined_here,
)


class ExpressionResolver(ReferenceResolver):
    """Resolves expressions and returns their level (CONSTANT .. TEMPORAL)."""

    # the state and `err` are declared on ReferenceResolver

    def bind_params(self, env: Env, params: Iterable[ast.Param]) -> None:
        for p in params:
            # A parameter is constant-level (`G(n) == n + 1` is a constant operator, so
            # `ASSUME G(3) = 4` is a constant formula); an application is as high as its
            # arguments. Priming a parameter is allowed (it primes the argument).
            self.bind(env, p.name, Local("param", (0,) * p.arity, p.span, CONSTANT))

    def bind(self, env: Env, name: str, local: Local) -> None:
        shadowed = env.lookup(name)
        sym = self.symbols.get(name)
        if shadowed is not None:
            self.err(
                "E203",
                f"`{name}` is already bound here",
                local.span,
                notes=(Note("bound here", shadowed.span),),
                hint="TLA+ does not allow a name to be reused inside its scope",
            )
        elif sym is not None:
            self.err(
                "E203",
                f"`{name}` is already defined",
                local.span,
                notes=defined_here(sym),
                hint="TLA+ does not allow a bound name to reuse a defined name",
            )
        env.names[name] = local

    # -- expressions --------------------------------------------------------------------

    def expr(self, e: ast.Expr, env: Env) -> int:
        method = getattr(self, "e_" + type(e).__name__)
        level: int = method(e, env)
        return level

    def exprs(self, es: Iterable[ast.Expr], env: Env) -> int:
        level = CONSTANT
        for e in es:  # a loop, not max() over a generator: fewer frames per level of nesting
            level = max(level, self.expr(e, env))
        return level

    def e_Num(self, e: ast.Num, env: Env) -> int:
        return CONSTANT

    e_Str = e_Bool = e_Num

    def e_At(self, e: ast.At, env: Env) -> int:
        if not env.in_except:
            self.err("E102", "`@` may only appear in the value of an EXCEPT clause", e.span)
        return CONSTANT  # a part of the EXCEPT's function, whose level counts already

    def e_Name(self, e: ast.Name, env: Env) -> int:
        if e.name in ("BOOLEAN", "STRING"):  # keywords denoting built-in sets
            return CONSTANT
        if e.name in BUILTIN:  # an operator passed where a value is expected
            self.err(
                "E202",
                f"`{e.name}` takes {count_args(op_arity(e.name))}, but 0 are given",
                e.span,
            )
            return CONSTANT
        return self.reference(e.name, (), e.span, env, as_argument=None)

    def e_Apply(self, e: ast.Apply, env: Env) -> int:
        return self.reference(e.name, e.args, e.span, env, as_argument=None)

    def e_OpExpr(self, e: ast.OpExpr, env: Env) -> int:
        op = e.op
        if op in ("'", "UNCHANGED"):
            return self.primed(e, env)
        level = self.exprs(e.args, env)
        if op in ("[]", "<>", "~>", "-+->"):
            return TEMPORAL
        if op == "ENABLED":
            return STATE
        if op == "\\cdot":
            return ACTION
        return level

    def primed(self, e: ast.OpExpr, env: Env) -> int:
        outer = self.in_prime
        self.in_prime = True
        try:
            level = self.expr(e.args[0], env)
        finally:
            self.in_prime = outer
        what = "a prime" if e.op == "'" else "UNCHANGED"
        # a constant primed is itself (`UNCHANGED <<>>`, `N' = N`): SANY and TLC accept it
        if level >= ACTION:
            self.err(
                "E207",
                f"{what} applied to an expression that is already primed",
                e.span,
                hint="a double prime (x'') has no meaning in TLA+",
            )
        return ACTION

    def e_And(self, e: ast.And, env: Env) -> int:
        return self.exprs(e.items, env)

    e_Or = e_And

    def e_If(self, e: ast.If, env: Env) -> int:
        return self.exprs((e.cond, e.then, e.else_), env)

    def e_Case(self, e: ast.Case, env: Env) -> int:
        items = [x for arm in e.arms for x in arm]
        if e.other is not None:
            items.append(e.other)
        return self.exprs(items, env)

    def e_Let(self, e: ast.Let, env: Env) -> int:
        inner = env.child()
        level = CONSTANT
        for d in e.defs:
            if isinstance(d, ast.Recursive):
                self.bind(inner, d.name, Local("recursive", (0,) * d.arity, d.span, CONSTANT))
            elif isinstance(d, ast.OpDef):
                # its level counts where it is used (a LET holding an instance's actions
                # is not an action unless its body uses one)
                self.let_op(d, inner)
            elif isinstance(d, ast.FuncDef):
                level = max(level, self.let_func(d, inner))
            elif isinstance(d, ast.SubstLevel):
                self.subst_level(d, self.expr(d.expr, inner))
        return max(level, self.expr(e.body, inner))

    def subst_level(self, unit: ast.SubstLevel, level: int) -> None:
        if level > unit.most:
            self.err(
                "E207",
                f"the expression substituted for `{unit.name}` of module `{unit.module}` "
                f"is {LEVEL_NAMES[level]}-level; it must be at most {LEVEL_NAMES[unit.most]}"
                "-level",
                unit.span,
                hint="a constant of an instantiated module with variables must be "
                "replaced by a constant expression, a variable by a state expression",
            )

    def let_op(self, d: ast.OpDef, env: Env) -> int:
        existing = env.names.get(d.name)
        if existing is not None and existing.kind == "recursive":
            # recursive calls in the body see the parameters' arities (operator parameters)
            existing.params = tuple(p.arity for p in d.params)
        body_env = env.child()
        self.bind_params(body_env, d.params)
        level = self.expr(d.body, body_env)
        local = Local("let", tuple(p.arity for p in d.params), d.span, level)
        if existing is not None and existing.kind == "recursive":
            env.names[d.name] = local  # a RECURSIVE declaration, now defined
        else:
            self.bind(env, d.name, local)
        return level

    def let_func(self, d: ast.FuncDef, env: Env) -> int:
        level = self.exprs(self.bound_domains(d.bounds), env)
        local = Local("let", (), d.span, level)  # provisional, for recursive uses
        self.bind(env, d.name, local)
        body_env = self.bind_bounds(env.child(), d.bounds)
        local.level = max(level, self.expr(d.body, body_env))
        return local.level

    def bound_domains(self, bounds: Iterable[ast.Bound]) -> list[ast.Expr]:
        return [b.domain for b in bounds if b.domain is not None]

    def bound_levels(self, bounds: tuple[ast.Bound, ...], env: Env) -> list[int]:
        return [self.expr(d, env) for d in self.bound_domains(bounds)]

    def bind_bounds(self, env: Env, bounds: Iterable[ast.Bound]) -> Env:
        for b in bounds:
            for name in b.names:
                self.bind(env, name, Local("bound", (), b.span, CONSTANT))
        return env

    def binder_scope(self, bounds: tuple[ast.Bound, ...], env: Env) -> tuple[int, Env]:
        level = max(self.bound_levels(bounds, env), default=CONSTANT)
        return level, self.bind_bounds(env.child(), bounds)

    def e_Quant(self, e: ast.Quant, env: Env) -> int:
        level, inner = self.binder_scope(e.bounds, env)
        return max(level, self.expr(e.body, inner))

    def e_Choose(self, e: ast.Choose, env: Env) -> int:
        level, inner = self.binder_scope((e.bound,), env)
        return max(level, self.expr(e.body, inner))

    def e_SetFilter(self, e: ast.SetFilter, env: Env) -> int:
        level, inner = self.binder_scope((e.bound,), env)
        return max(level, self.expr(e.pred, inner))

    def e_SetMap(self, e: ast.SetMap, env: Env) -> int:
        level, inner = self.binder_scope(e.bounds, env)
        return max(level, self.expr(e.expr, inner))

    def e_FuncCons(self, e: ast.FuncCons, env: Env) -> int:
        level, inner = self.binder_scope(e.bounds, env)
        return max(level, self.expr(e.body, inner))

    def e_SetEnum(self, e: ast.SetEnum, env: Env) -> int:
        return self.exprs(e.items, env)

    def e_Tuple(self, e: ast.Tuple, env: Env) -> int:
        return self.exprs(e.items, env)

    def e_FuncSet(self, e: ast.FuncSet, env: Env) -> int:
        return self.exprs((e.dom, e.rng), env)

    def e_FuncApp(self, e: ast.FuncApp, env: Env) -> int:
        return max(self.expr(e.func, env), self.exprs(e.args, env))

    def e_Except(self, e: ast.Except, env: Env) -> int:
        level = self.expr(e.func, env)
        for up in e.updates:
            for sel in up.path:
                if isinstance(sel, ast.IndexSel):
                    level = max(level, self.exprs(sel.args, env))
            value_env = env.child()
            value_env.in_except = True
            level = max(level, self.expr(up.value, value_env))
        return level

    def e_Record(self, e: ast.Record, env: Env) -> int:
        return self.exprs((v for _, v in e.fields), env)

    e_RecordSet = e_Record

    def e_FieldAccess(self, e: ast.FieldAccess, env: Env) -> int:
        return self.expr(e.expr, env)

    def e_ActionBox(self, e: ast.ActionBox, env: Env) -> int:
        return max(ACTION, self.exprs((e.action, e.sub), env))

    def e_Fairness(self, e: ast.Fairness, env: Env) -> int:
        self.exprs((e.sub, e.action), env)
        return TEMPORAL

    def e_Lambda(self, e: ast.Lambda, env: Env) -> int:
        self.err("E106", "LAMBDA is only allowed as an argument for an operator parameter", e.span)
        return CONSTANT

    def e_Unsupported(self, e: ast.Unsupported, env: Env) -> int:
        self.warnings.append(
            Diagnostic(
                "E106", f"{e.what} is not supported by the checker", e.span, severity="warning"
            )
        )
        return STATE


# TLA+'s own operators that cannot be passed as operator arguments here (temporal, action).
