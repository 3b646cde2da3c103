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
    walrus: bool  # NOTE(let-binding): bind with `:=` rather than a lambda call
    const_bound: set[str]  # locals bound by a `for` over a constant set (memo keys)
    mode: str  # "state" | "action" | "init"
    loops: list[set[str]]  # set by ActionGen: locals bound by enclosing `for`s
    nesting: int  # expressions being generated, one inside the other

    def bind(self, names: list[str], values: list[str], code: str) -> str:
        """`code` with each of `names` bound to the value of the matching `values` item,
        evaluated first, in order (NOTE(let-binding))."""
        if not self.walrus:
            return f"(lambda {', '.join(names)}: {code})({', '.join(values)})"
        binds = " and ".join(f"({n} := {v}) is {n}" for n, v in zip(names, values, strict=True))
        return f"({binds} and {code})"

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
