"""Name resolution of references inside expressions: what a name means, its arity and
level, operators passed as arguments, and the "unknown name" diagnostics; a mixin of
ExpressionResolver (resolve_expr.py), which owns the state declared below."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from checker.diagnostics import Diagnostic, Note, Span, suggest
from checker.lang import ast
from checker.lang.optable import BUILTIN, is_symbol, shown
from checker.lang.optable import arity as op_arity
from checker.lang.stdlib import REFUSED, REFUSED_EFFECTS, defining_module
from checker.lang.symbols import (
    ACTION,
    CONSTANT,
    LEVEL_NAMES,
    STATE,
    Env,
    Local,
    Symbol,
    count_args,
    defined_here,
)

# TLA+'s own operators that cannot be passed as operator arguments
_NOT_ARGUMENTS = frozenset({"'", "UNCHANGED", "ENABLED", "[]", "<>", "~>", "-+->", "\\cdot"})


class ReferenceResolver:
    """Resolves names, applications and operator arguments; returns their level."""

    warnings: list[Diagnostic]
    levels: dict[tuple[str, str], int]
    def_vars: dict[tuple[str, str], frozenset[str]]
    redirects: Mapping[tuple[str, str], Symbol]
    prior_levels: Mapping[tuple[str, str], int]
    prior_vars: Mapping[tuple[str, str], frozenset[str]]
    assumed: dict[tuple[str, str], int]
    assigned: set[str]
    module_name: str
    symbols: dict[str, Symbol]
    std: frozenset[str]
    later: dict[str, ast.Unit]
    cur_vars: set[str]
    in_prime: bool
    in_theorem: bool  # resolving a theorem's statement, which is never evaluated

    def err(
        self,
        code: str,
        message: str,
        span: Span | None,
        *,
        hint: str | None = None,
        notes: tuple[Note, ...] = (),
    ) -> None:
        raise NotImplementedError

    def expr(self, e: ast.Expr, env: Env) -> int:
        raise NotImplementedError

    def exprs(self, es: Iterable[ast.Expr], env: Env) -> int:
        raise NotImplementedError

    def bind(self, env: Env, name: str, local: Local) -> None:
        raise NotImplementedError

    def reference(
        self, name: str, args: tuple[ast.Expr, ...], span: Span, env: Env, as_argument: int | None
    ) -> int:
        """A use of `name` with `args`; `as_argument` is the arity expected when the use is
        an operator passed to an operator parameter."""
        local = env.lookup(name)
        if local is not None:
            return self.use(name, local.params, local.level, args, span, env, as_argument)
        sym = self.symbols.get(name)
        if sym is None:
            self.unknown(name, span, env)
            self.exprs(args, env)
            return STATE
        sym = self.redirects.get((sym.module, sym.name), sym)  # NOTE(redirects)
        if sym.kind == "variable":
            self.cur_vars.add(name)
            if self.in_prime:
                self.assigned.add(name)
            level = STATE
        elif sym.kind == "definition":
            key = (sym.module, sym.name)
            level = self.levels.get(key, self.prior_levels.get(key, STATE))
            deps = self.def_vars.get(key, self.prior_vars.get(key, frozenset()))
            self.cur_vars |= deps
            if self.in_prime:
                self.assigned |= deps
        elif sym.kind in ("theorem", "assumption"):
            level = self.statement_reference(sym, span)
        elif sym.kind == "recursive":  # used before its definition: the last pass's level
            key = (sym.module, sym.name)
            level = self.prior_levels.get(key, CONSTANT)
            self.assumed[key] = level
            deps = self.prior_vars.get(key, frozenset())
            self.cur_vars |= deps
            if self.in_prime:
                self.assigned |= deps
        else:
            level = CONSTANT
        if sym.kind == "builtin" and (sym.name in REFUSED or sym.name in REFUSED_EFFECTS):
            # NOTE(refused-when-evaluated) in compile/builtins.py
            code = "E106" if sym.name in REFUSED else "E211"
            self.warnings.append(
                Diagnostic(
                    code,
                    f"`{name}` is refused where it is evaluated",
                    span,
                    severity="warning",
                    hint=REFUSED.get(sym.name) or REFUSED_EFFECTS.get(sym.name),
                )
            )
        return self.use(name, sym.params, level, args, span, env, as_argument)

    def statement_reference(self, sym: Symbol, span: Span) -> int:
        """A theorem's or assumption's name used as an expression: its statement."""
        if sym.unit is None:
            self.err(
                "E106",
                f"`{sym.name}` names an ASSUME/PROVE, which has no value",
                span,
                notes=defined_here(sym),
            )
            return CONSTANT
        key = (sym.module, sym.name)
        level = self.levels.get(key, CONSTANT)
        if level >= ACTION and not self.in_theorem:
            article = "an" if level == ACTION else "a"
            self.err(
                "E106",
                f"using the name of {article} {LEVEL_NAMES[level]}-level {sym.kind} in an "
                "expression is not supported",
                span,
                notes=defined_here(sym),
                hint="state it as a definition and use that",
            )
        self.cur_vars |= self.def_vars.get(key, frozenset())
        return level

    def use(
        self,
        name: str,
        params: tuple[int, ...],
        level: int,
        args: tuple[ast.Expr, ...],
        span: Span,
        env: Env,
        as_argument: int | None,
    ) -> int:
        if as_argument is not None and not args:
            if len(params) != as_argument:
                self.err(
                    "E202",
                    f"`{name}` takes {count_args(len(params))} but an operator "
                    f"with {count_args(as_argument)} is expected here",
                    span,
                )
            elif any(params):
                self.err(
                    "E202",
                    f"`{name}` takes an operator as an argument, so it cannot be passed "
                    "as an operator argument",
                    span,
                    hint="an operator parameter `F(_, _)` stands for an operator whose "
                    "arguments are values",
                )
            return level
        if len(params) != len(args):
            self.err(
                "E202",
                f"`{name}` takes {count_args(len(params))}, "
                f"but {count_args(len(args))} {'is' if len(args) == 1 else 'are'} given",
                span,
            )
            return max(level, self.exprs(args, env))
        # An action-level operator may prime its parameters (TLA+ substitutes arguments),
        # so variables in its arguments may be assigned through it.
        outer = self.in_prime
        self.in_prime = outer or level >= ACTION
        try:
            for arity, arg in zip(params, args, strict=True):
                level = max(level, self.argument(arg, arity, env))
        finally:
            self.in_prime = outer
        return level

    def argument(self, arg: ast.Expr, arity: int, env: Env) -> int:
        if arity == 0:
            return self.expr(arg, env)
        if isinstance(arg, ast.Lambda):
            if len(arg.params) != arity:
                self.err(
                    "E202",
                    f"this LAMBDA takes {count_args(len(arg.params))}, but an "
                    f"operator with {count_args(arity)} is expected",
                    arg.span,
                )
            inner = env.child()
            for p in arg.params:
                self.bind(inner, p, Local("lambda", (), arg.span, CONSTANT))
            return self.expr(arg.body, inner)
        if isinstance(arg, ast.Name) and arg.name in BUILTIN:
            return self.builtin_argument(arg, arity)
        if isinstance(arg, ast.Name):
            return self.reference(arg.name, (), arg.span, env, as_argument=arity)
        self.err(
            "E202",
            f"an operator with {count_args(arity)} is expected here (a name or a LAMBDA)",
            arg.span,
        )
        return self.expr(arg, env)

    def builtin_argument(self, arg: ast.Name, expected: int) -> int:
        """One of TLA+'s own operators passed as an operator argument (`F(\\cup, S)`)."""
        name = arg.name
        if name in _NOT_ARGUMENTS:
            self.err(
                "E106",
                f"passing `{name}` as an operator argument is not supported",
                arg.span,
            )
        elif op_arity(name) != expected:
            self.err(
                "E202",
                f"`{name}` takes {count_args(op_arity(name))} but an operator "
                f"with {count_args(expected)} is expected here",
                arg.span,
            )
        return CONSTANT

    def unknown(self, name: str, span: Span, env: Env) -> None:
        later = self.later.get(name)
        if later is not None:
            self.err(
                "E201",
                f"`{name}` is used before its definition",
                span,
                notes=(Note("defined here", later.span),),
                hint="TLA+ requires definitions before use; move it up, or declare "
                f"`RECURSIVE {name}` before both",
            )
            return
        std = defining_module(name)
        if std is not None and is_symbol(name):
            self.err(
                "E201",
                f"operator `{shown(name)}` is not defined here",
                span,
                hint=f"`{shown(name)}` is defined in the standard module {std}: add "
                f"`EXTENDS {std}` (or define it)",
            )
            return
        if std is not None:
            self.err(
                "E201",
                f"unknown name `{name}`",
                span,
                hint=f"`{name}` is defined in the standard module {std}: add `EXTENDS {std}`",
            )
            return
        if is_symbol(name):
            self.err(
                "E201",
                f"unknown operator `{name}`",
                span,
                hint=f"no definition of `{name}` is in scope; define it (`a {name} b == ...`)"
                if op_arity(name) == 2
                else f"no definition of `{name}` is in scope; define it",
            )
            return
        names = [n for n in self.symbols if "!" not in n and not is_symbol(n)] + env.all_names()
        guess = suggest(name, names)
        self.err(
            "E201",
            f"unknown name `{name}`",
            span,
            hint=f"did you mean `{guess}`?" if guess else None,
        )
