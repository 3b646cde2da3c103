"""Reductions of INSTANCE, its WITH substitutions, and references through instances and
to parts of definitions (`N!Op(x)`, `N(p)!Op`, `N!+`, `Inv!2`): a mixin of Builder
(builder.py), which provides the spans."""

from __future__ import annotations

from typing import Any

from lark import Token

from checker.diagnostics import Span, error
from checker.lang import ast
from checker.lang.builder_proofs import Spans
from checker.lang.tokens import OPS, number_value


class _With:
    """A WITH list, until the INSTANCE around it is built."""

    def __init__(self, substs: tuple[ast.Substitution, ...], span: Span) -> None:
        self.substs = substs
        self.span = span


def _substs(c: list[Any]) -> tuple[ast.Substitution, ...]:
    return next((x.substs for x in c if isinstance(x, _With)), ())


class RefBuilder(Spans):
    """Reductions of instances and references."""

    def instance(self, c: list[Any]) -> ast.Instance:
        if len(c) == 1 and isinstance(c[0], ast.Instance):  # a named instance
            return c[0]
        return ast.Instance(self.whole(c), None, (), self._module_ref(c[1]), _substs(c))

    def named_instance(self, c: list[Any]) -> ast.Instance:
        params = tuple(p for p in c if isinstance(p, ast.Param))
        at = next(i for i, t in enumerate(c) if isinstance(t, Token) and t.type == "INSTANCE")
        ref = self._module_ref(c[at + 1])
        return ast.Instance(self.whole(c), str(c[0]), params, ref, _substs(c))

    def _module_ref(self, t: Token) -> ast.ModuleRef:
        return ast.ModuleRef(self.tok(t), str(t))

    def with_list(self, c: list[Any]) -> _With:
        return _With(tuple(x for x in c if isinstance(x, ast.Substitution)), self.whole(c))

    def substitution(self, c: list[Any]) -> ast.Substitution:
        return ast.Substitution(self.whole(c), str(c[0]), c[2])

    def operator_substitution(self, c: list[Any]) -> ast.Substitution:
        """`\\prec <- e`: the operator declared `CONSTANT _ \\prec _` (or `-.`, `^+` ...)."""
        return ast.Substitution(self.whole(c), OPS[c[0].type], c[2])

    def ref_prefix(self, c: list[Any]) -> ast.RefPart:
        args = c[2] if len(c) > 2 else []
        return ast.RefPart(self.span(c[0], c[-2]), str(c[0]), tuple(args))

    def instance_ref(self, c: list[Any]) -> ast.Expr:
        parts = [x for x in c if isinstance(x, ast.RefPart)]
        rest = c[len(parts) :]
        args: tuple[ast.Expr, ...] = tuple(rest[2]) if len(rest) > 1 else ()
        last = ast.RefPart(self.span(rest[0], rest[-1]), str(rest[0]), args)
        return ast.InstanceRef(self.whole(c), (*parts, last))

    def selector_ref(self, c: list[Any]) -> ast.Expr:
        """`Inv!2`, `T!:`, `P!Init!1`: a positional part of a definition's body."""
        parts = tuple(x for x in c if isinstance(x, ast.RefPart))
        sels = tuple(x for x in c if isinstance(x, ast.Selector))
        return ast.InstanceRef(self.whole(c), parts, sels)

    def selector(self, c: list[Any]) -> ast.Selector:
        first: Token = c[0]
        span = self.span(c[0], c[-1])
        if first.type == "NUMBER":
            if str(first).startswith("\\"):
                raise error("E102", "a positional selector (`Inv!2`) is a decimal number", span)
            return ast.Selector(span, "index", number_value(str(first), span))
        if first.type == "LPAR":
            return ast.Selector(span, "args", 0, tuple(c[1]))
        kinds = {"COLON": ":", "LANGLE": "<<", "RANGLE": ">>", "AT": "@"}
        return ast.Selector(span, kinds[first.type])

    def subscript_ref(self, c: list[Any]) -> ast.Expr:
        names = [t for t in c if isinstance(t, Token) and t.type == "NAME"]
        parts = tuple(ast.RefPart(self.tok(t), str(t), ()) for t in names)
        return ast.InstanceRef(self.whole(c), parts)

    def instance_ref_symbol(self, c: list[Any]) -> ast.Expr:
        """`N!+(a, b)`, `N!^+(x)`: an operator symbol defined in the instantiated module."""
        parts = [x for x in c if isinstance(x, ast.RefPart)]
        rest = c[len(parts) :]
        symbol: Token = rest[0]
        args: tuple[ast.Expr, ...] = tuple(rest[2]) if len(rest) > 1 else ()
        last = ast.RefPart(self.span(rest[0], rest[-1]), OPS[symbol.type], args)
        return ast.InstanceRef(self.whole(c), (*parts, last))
