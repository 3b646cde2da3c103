"""Names in scope while lowering: what a local name stands for (NOTE(deep-scopes))."""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.lang import ast
from checker.lang.scopechain import Nested


@dataclass(frozen=True, eq=False)
class ParamArg:
    """A parameter of arity 0 of an action-level operator: TLA+ substitutes the argument,
    read in the caller's scope."""

    expr: ast.Expr
    env: Env


@dataclass(frozen=True, eq=False)
class LocalOp:
    """A local operator with a body: a LET operator with parameters, or a LAMBDA (or such
    an operator) passed for an operator parameter; inlined where applied as an action."""

    defn: ast.OpDef
    env: Env


@dataclass(frozen=True, eq=False)
class Bound:
    """Any other local name: a bound variable, a LET value, an operator argument naming
    a global operator. Never an action."""


BOUND = Bound()
LocalName = ParamArg | LocalOp | Bound


@dataclass(eq=False)
class Env(Nested[LocalName]):
    module: str
    names: dict[str, LocalName] = field(default_factory=dict)
    parent: Env | None = None

    def __post_init__(self) -> None:
        self.nest()

    def child(self) -> Env:
        return Env(self.module, {}, self)
