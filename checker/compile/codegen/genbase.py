"""What the generator mixins share: the generated source, and the `gen` entry points."""

from __future__ import annotations

from checker.compile.codegen.scopes import Gen, GScope
from checker.compile.codegen.source import Source
from checker.compile.context import Context
from checker.lang import ast
from checker.values import Value


class GenBase:
    """Declared here, defined in ExprGen (exprgen.py)."""

    ctx: Context
    src: Source
    unroll_factor: int  # product of the sizes of the quantifiers being unrolled

    def value(self, v: Value) -> Gen:
        raise NotImplementedError

    def gen(self, e: ast.Expr, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        raise NotImplementedError

    def boolean(self, e: ast.Expr, scope: GScope, primed: bool, assigned: frozenset[int]) -> str:
        raise NotImplementedError

    def const_value(self, name: str) -> Value:
        raise NotImplementedError

    def invariant(self, code: str, min_scans: int = 1) -> str:
        raise NotImplementedError
