"""The substitutions of an INSTANCE: for each constant and variable of the instantiated
module, the expression that replaces it (from WITH, or the same name in the instantiating
module), checked as SANY checks them (NOTE(instance-expansion) in instance.py)."""

from __future__ import annotations

from collections.abc import Callable

from checker.diagnostics import Span, error, suggest
from checker.lang import ast
from checker.lang.rewrite import Env
from checker.lang.stdlib import CORE_OPERATORS, defining_module
from checker.lang.symbols import ModuleScope


class Substitutions:
    """The substitution for each constant and variable of the instantiated module."""

    def __init__(
        self,
        inst: ast.Instance,
        scope: ModuleScope,
        kinds: dict[str, tuple[str, int]],
        std: set[str],
        local_names: Env,
        rewrite: Callable[[ast.Expr, Env], ast.Expr],
    ) -> None:
        self.inst = inst
        self.scope = scope  # the instantiated module's
        self.kinds = kinds  # what the instantiating module sees: name -> (kind, arity)
        self.std = std  # the standard modules in scope there
        self.local_names = local_names
        self.rewrite = rewrite
        self.decls = {
            n: len(s.params) for n, s in scope.symbols.items() if s.kind in ("constant", "variable")
        }

    def run(self) -> dict[str, ast.Expr]:
        out: dict[str, ast.Expr] = {}
        env = dict(self.local_names)
        for p in self.inst.params:
            env[p.name] = p.name
        for s in self.inst.substs:
            if s.name not in self.decls:
                guess = suggest(s.name, list(self.decls))
                raise error(
                    "E210",
                    f"module `{self.inst.module.name}` has no constant or variable `{s.name}`",
                    s.span,
                    hint=f"did you mean `{guess}`?" if guess else None,
                )
            if s.name in out:
                raise error("E210", f"`{s.name}` is substituted twice", s.span)
            expr = self.rewrite(s.expr, env)
            self.check_operators(expr)
            self.check_form(s.name, expr, s.span)
            out[s.name] = expr
        for name, arity in self.decls.items():
            if name not in out:
                out[name] = self.implicit(name, arity)
        return out

    def check_operators(self, e: ast.Expr) -> None:
        for node in ast.walk(e):
            if isinstance(node, ast.OpExpr) and node.op not in CORE_OPERATORS:
                std = defining_module(node.op)
                if std is not None and std not in self.std:
                    raise error(
                        "E201",
                        f"operator `{node.op}` is not defined here",
                        node.span,
                        hint=f"`{node.op}` is defined in the standard module {std}: "
                        f"add `EXTENDS {std}`",
                    )

    def check_form(self, name: str, e: ast.Expr, span: Span) -> None:
        arity = self.decls[name]
        if arity == 0:
            if isinstance(e, ast.Lambda):
                raise error(
                    "E210", f"`{name}` is not an operator: a LAMBDA cannot replace it", span
                )
            return
        if isinstance(e, ast.Lambda):
            if len(e.params) != arity:
                raise error(
                    "E202",
                    f"`{name}` takes {arity} arguments, this LAMBDA {len(e.params)}",
                    e.span,
                )
            return
        if isinstance(e, ast.Name):
            got = self.kinds.get(e.name)
            if got is not None and got[1] != arity:
                raise error(
                    "E202",
                    f"`{name}` takes {arity} arguments but `{e.name}` takes {got[1]}",
                    e.span,
                )
            return
        raise error(
            "E210",
            f"`{name}` is an operator: substitute an operator name or a LAMBDA for it",
            e.span,
        )

    def implicit(self, name: str, arity: int) -> ast.Expr:
        inst = self.inst
        got = self.kinds.get(name)
        if got is None and (name in self.local_names or any(p.name == name for p in inst.params)):
            got = ("local", 0)
        if got is None or got[0] not in (
            "constant",
            "variable",
            "definition",
            "recursive",
            "builtin",
            "local",
        ):
            kind = "constant" if self.scope.symbols[name].kind == "constant" else "variable"
            raise error(
                "E210",
                f"the {kind} `{name}` of module `{inst.module.name}` has no substitution",
                inst.span,
                hint=f"add `WITH {name} <- ...`, or declare or define `{name}` in this module",
            )
        if got[1] != arity:
            raise error(
                "E210",
                f"`{name}` takes {arity} arguments in module `{inst.module.name}` "
                f"but {got[1]} here",
                inst.span,
            )
        return ast.Name(inst.module.span, name)
