"""The fresh variables of an ENABLED written in an instantiated module (refinement).

NOTE(refinement): `Abs == INSTANCE M WITH x <- e` replaces M's variable x by the
expression e wherever M's definitions are expanded (lang/instance.py), and everywhere
but inside ENABLED that is what TLC evaluates: a step s -> t of `Abs!Next` reads `(e)'`
as e on t. Inside an ENABLED written in M's text (`ENABLED <<A>>_v` of the `WF_v(A)` of
an abstract spec checked as a PROPERTY, or an ENABLED of M's definitions), TLC does not
substitute a primed x (Tool: ENABLED branches the context, and a primed variable is
looked up without crossing the branch): x' is a fresh variable of M, given its value by
its first `x' = v` or `x' \\in S` and read after, `UNCHANGED x` gives it the value of e
in the current state, and an unprimed x is e, read in the current state. So ENABLED
asks whether M's action can be taken from M's state as the implementation state maps
it, not whether some step of the implementation is one of M's: with `x <- (n # n)`
(always FALSE) and `A == ~x /\\ x' = TRUE`, `ENABLED <<A>>_x` is TRUE. The same holds
for `x <- y`, y an implementation variable (only a y substituted for two of M's
variables tells the difference); an implicit `x <- x` is the implementation's own x.
`AbstractVariable` (lang/loader.py) records each explicit substitution of a variable
and the text where it is in view; here an ENABLED whose node lies in that text gets a
slot per such variable it primes, and lowers and compiles its action with these.
"""

from __future__ import annotations

from checker.compile.context import Context
from checker.diagnostics import Span
from checker.lang import ast
from checker.lang.loader import AbstractVariable

_Key = tuple[tuple[int, int, int], int, int, type, str]


def _key(e: ast.Expr) -> _Key:
    """An occurrence's place and form (an implicit substitution `x <- x` is a Name at
    the INSTANCE's module name: the name tells them apart)."""
    s = e.span
    return (s.key(), s.end_line, s.end_col, type(e), e.name if isinstance(e, ast.Name) else "")


class FreshVariables:
    """The fresh variables of one ENABLED: index `nvars + k` for the k-th met."""

    def __init__(self, ctx: Context, abstract: list[AbstractVariable]) -> None:
        self.ctx = ctx
        self.nvars = ctx.nvars
        self.by_key: dict[_Key, AbstractVariable] = {_key(a.expr): a for a in abstract}
        self.met: list[AbstractVariable] = []
        self.values: list[tuple[ast.Expr, str]] = []  # each one's expression and module
        self.slots: list[int] = []

    def find(self, e: ast.Expr, module: str) -> int | None:
        """The number of the fresh variable `e` stands for (None: `e` is none)."""
        a = self.by_key.get(_key(e))
        if a is None:
            return None
        for k, seen in enumerate(self.met):
            if seen is a:
                return k
        self.met.append(a)
        self.values.append((e, module))
        self.slots.append(self.ctx.alloc())
        return len(self.met) - 1

    def target(self, e: ast.Expr, module: str) -> tuple[int, str] | None:
        """checker.ir's FreshTargets: the target index of `e` and the variable's name."""
        k = self.find(e, module)
        return None if k is None else (self.nvars + k, self.met[k].name)

    def slot(self, index: int) -> int:
        return self.slots[index - self.nvars]


def in_view(ctx: Context, span: Span) -> bool:
    """Whether an instance's substituted variable is in view at `span` (an ENABLED
    written there has fresh variables: its successors are not the spec's states)."""
    return any(a.covers(span) for a in ctx.resolved.loaded.abstract)


def fresh_for(ctx: Context, span: Span) -> FreshVariables | None:
    """The fresh variables of an ENABLED written at `span`; None when no instance's
    substituted variable is in view there."""
    abstract = [a for a in ctx.resolved.loaded.abstract if a.covers(span)]
    if not abstract:
        return None
    fresh = FreshVariables(ctx, abstract)
    ctx.keep.append(fresh)  # its id keys the definitions compiled for it (key_mode)
    return fresh
