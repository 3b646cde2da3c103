"""What translating one model needs: the spec, its constants, a Z3 context, and frames.

A `World` belongs to one prove/bmc run (no module-level state). It evaluates
constant-level definitions with the explicit evaluator (the reference semantics), and
keeps the memo tables of the translator and the CHOOSE obligations of the current query.
A `Frame` is the environment of one expression: its module, local names, and the
current and next state (maps from variable names to symbolic values).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import z3

from checker.compile.errors import EvalError
from checker.compile.expr import ExprCompiler
from checker.compile.model import Model
from checker.compile.scope import Scope
from checker.diagnostics import CheckerError, Span
from checker.ir import Lowered
from checker.lang import ast
from checker.lang.resolve import Symbol
from checker.symbolic.symvals import SymVal
from checker.symbolic.terms import Cond
from checker.values import Value

StateMap = dict[str, SymVal]


class Thunk:
    """A 0-ary LET definition: translated on first use, then remembered."""

    __slots__ = ("_compute", "_done", "_value")

    def __init__(self, compute: Callable[[], SymVal]) -> None:
        self._compute = compute
        self._done = False
        self._value: SymVal = None

    def force(self) -> SymVal:
        if not self._done:
            self._value = self._compute()
            self._done = True
        return self._value


@dataclass(frozen=True)
class OpClosure:
    """An operator passed as an argument or defined by LET: applied by substitution."""

    name: str
    params: tuple[str, ...]
    apply: Callable[[list[SymVal], Span], SymVal]
    defn: ast.OpDef | None = None
    frame: Frame | None = None


_NO_AT: Any = object()


@dataclass(frozen=True)
class Frame:
    module: str
    names: dict[str, Any]  # SymVal | Thunk | OpClosure
    cur: StateMap | None
    nxt: StateMap | None = None
    at: Any = _NO_AT

    def bind(self, pairs: dict[str, Any]) -> Frame:
        return Frame(self.module, {**self.names, **pairs}, self.cur, self.nxt, self.at)

    def primed(self) -> Frame:
        return Frame(self.module, self.names, self.nxt, None, self.at)

    def with_state(self, cur: StateMap | None, nxt: StateMap | None) -> Frame:
        return Frame(self.module, self.names, cur, nxt, self.at)

    def has_at(self) -> bool:
        return self.at is not _NO_AT


@dataclass
class Obligation:
    """A CHOOSE whose witness must be unique wherever it is evaluated."""

    unique: Cond
    span: Span


@dataclass
class World:
    model: Model
    ctx: z3.Context = field(default_factory=z3.Context)
    memo: dict[Any, tuple[Any, SymVal]] = field(default_factory=dict)
    obligations: list[Obligation] = field(default_factory=list)
    lowered: dict[tuple[int, bool], tuple[ast.Expr, Lowered]] = field(default_factory=dict)
    _constants: dict[tuple[str, str], Value] = field(default_factory=dict)
    _compiler: ExprCompiler | None = None

    @property
    def resolved(self) -> Any:
        return self.model.bound.resolved

    @property
    def root(self) -> str:
        name: str = self.resolved.root.name
        return name

    @property
    def variables(self) -> tuple[str, ...]:
        return self.model.variables

    def symbol(self, module: str, name: str) -> Symbol | None:
        sym: Symbol | None = self.resolved.symbol(module, name)
        return sym

    def level(self, sym: Symbol) -> int:
        level: int = self.resolved.level(sym)
        return level

    def constant(self, name: str) -> Value:
        return self.model.ctx.constants[name]

    def constant_definition(self, sym: Symbol, span: Span) -> Value:
        """The value of a 0-ary constant-level definition, by the explicit evaluator."""
        key = (sym.module, sym.name)
        if key not in self._constants:
            self._constants[key] = self._evaluate(ast.Name(span, sym.name), sym.module)
        return self._constants[key]

    def _evaluate(self, e: ast.Expr, module: str, *, constant_only: bool = False) -> Value:
        if self._compiler is None:
            self._compiler = ExprCompiler(self.model.ctx, "state")
        try:
            c = self._compiler.compile(e, Scope(module))
            if constant_only and not c.const and not c.closed:
                return None
            return c.value if c.const else c.fn(self.model.ctx.scratch())
        except EvalError as exc:
            raise CheckerError((exc.diagnostic(),)) from None

    def evaluate_constant(self, e: ast.Expr, module: str) -> Value | None:
        """A constant expression (a type's set) by the explicit evaluator; None if it
        depends on the state."""
        return self._evaluate(e, module, constant_only=True)

    def take_obligations(self) -> list[Obligation]:
        out, self.obligations = self.obligations, []
        return out
