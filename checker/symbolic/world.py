"""What translating one model needs: the spec, its constants, a Z3 context, and frames.

A `World` belongs to one prove/bmc run (no module-level state). It evaluates
constant-level definitions with the explicit evaluator (the reference semantics), and
keeps the memo tables of the translator and the obligations of the current query.
A `Frame` is the environment of one expression: its module, local names, the current and
next state (maps from variable names to symbolic values), and its guard.

NOTE(definedness): TLC stops with an error where it evaluates `f[x]` with x outside
DOMAIN f, a CASE no arm of which applies, or a CHOOSE without a witness. The translator
gives such expressions a value in every case (the last alternative covers the others,
algebra.exhaustive), so each one also records an `Obligation`: the guard under which it
is evaluated (the conjuncts before it, the IF's condition, the quantifier's binding, the
branch's guards so far, left to right as TLC evaluates) implies that it is defined. The
engines check the obligations where they translated them (bmc: in the states reachable so
far; prove: in the states the invariant allows), so a value given only for totality never
decides an answer. A translation cached and reused (a memoised definition, a LET value, an
operator argument) is translated under the guard True and its obligations are reissued
under the guard of each use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import z3

from checker.compile.errors import EvalError
from checker.compile.expr import ExprCompiler
from checker.compile.model import Model
from checker.compile.scope import Scope
from checker.diagnostics import CheckerError, Span
from checker.ir import Lowered
from checker.ir import expr as ix
from checker.ir.lower_expr import ExprLowerer
from checker.lang import ast
from checker.lang.resolve import Symbol
from checker.symbolic.symvals import SymVal
from checker.symbolic.terms import Cond, and2, implies
from checker.values import Value

StateMap = dict[str, SymVal]


class Thunk:
    """A 0-ary LET definition (or an action argument): translated on first use under the
    guard True, then remembered with its obligations, reissued at each use."""

    __slots__ = ("_compute", "_done", "_taken", "_value")

    def __init__(self, compute: Callable[[], SymVal]) -> None:
        self._compute = compute
        self._done = False
        self._value: SymVal = None
        self._taken: tuple[Obligation, ...] = ()

    def force(self, w: World, fr: Frame) -> SymVal:
        if not self._done:
            self._value, self._taken = w.captured(self._compute)
            self._done = True
        w.reissue(self._taken, fr)
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
    # SymVal | Thunk | OpClosure by Binder, or by name where a consumer binds names
    # (NOTE(outer-names))
    names: dict[Any, Any]
    cur: StateMap | None
    nxt: StateMap | None = None
    at: Any = _NO_AT
    guard: Cond = True  # NOTE(definedness)

    def bind(self, pairs: Mapping[Any, Any]) -> Frame:
        return replace(self, names={**self.names, **pairs})

    def primed(self) -> Frame:
        return replace(self, cur=self.nxt, nxt=None)

    def with_state(self, cur: StateMap | None, nxt: StateMap | None) -> Frame:
        return replace(self, cur=cur, nxt=nxt)

    def assuming(self, c: Cond) -> Frame:
        """This frame, for what is evaluated only where `c` holds."""
        return self if c is True else replace(self, guard=and2(self.guard, c))

    def unguarded(self) -> Frame:
        """This frame for a translation that is cached and reused under other guards."""
        return self if self.guard is True else replace(self, guard=True)

    def has_at(self) -> bool:
        return self.at is not _NO_AT


@dataclass(frozen=True)
class Obligation:
    """`holds` must be valid where it was translated (NOTE(definedness)): `kind` is
    "witness" (CHOOSE has one), "choose" (CHOOSE has exactly one: its candidates come in
    an order that may not be the explicit engine's), "domain" (an argument in a
    function's domain) or "case" (an arm of a CASE without OTHER applies)."""

    holds: Cond
    span: Span
    kind: str

    def assuming(self, guard: Cond) -> Obligation:
        return self if guard is True else replace(self, holds=implies(guard, self.holds))


def _outer_names(fr: Frame) -> frozenset[str]:
    return frozenset(k for k in fr.names if type(k) is str)


@dataclass
class World:
    model: Model
    ctx: z3.Context = field(default_factory=z3.Context)
    memo: dict[Any, tuple[Any, SymVal]] = field(default_factory=dict)
    obligations: list[Obligation] = field(default_factory=list)
    lowered: dict[tuple[int, bool], tuple[ast.Expr, Lowered]] = field(default_factory=dict)
    _constants: dict[tuple[str, str], Value] = field(default_factory=dict)
    _compiler: ExprCompiler | None = None

    # -- the expression IR (NOTE(expression-ir)) ------------------------------------------

    @property
    def lowerer(self) -> ExprLowerer:
        """The model's lowerer: definitions and places lowered once for both engines."""
        return self.model.ctx.lowerer

    def definition(self, sym: Symbol) -> ix.Definition:
        return self.lowerer.definition(sym)

    def lowered_expr(self, e: ast.Expr, fr: Frame) -> ix.Expr:
        """`e` as written where `fr` is: the frame's names are its outer names
        (NOTE(outer-names)); lowered once per expression, module and names."""
        return self.lowerer.lower(e, fr.module, _outer_names(fr))

    def lowered_argument(self, e: ast.Expr, fr: Frame) -> ix.Expr:
        """`e` as an argument for an operator parameter (a LAMBDA, a name)."""
        return self.lowerer.lower_operator_argument(e, fr.module, _outer_names(fr))

    def lowered_bounds(self, bounds: tuple[ast.Bound, ...], fr: Frame) -> tuple[ix.Bound, ...]:
        return self.lowerer.lower_bounds(bounds, fr.module, _outer_names(fr))

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

    def _evaluate(
        self, e: ast.Expr | ix.Expr, module: str, *, constant_only: bool = False
    ) -> Value:
        if self._compiler is None:
            self._compiler = ExprCompiler(self.model.ctx, "state")
        try:
            c = self._compiler.compile(e, Scope(module))
            if constant_only and not c.const and not c.closed:
                return None
            return c.value if c.const else c.fn(self.model.ctx.scratch())
        except EvalError as exc:
            raise CheckerError((exc.diagnostic(),)) from None

    def evaluate_constant(self, e: ast.Expr | ix.Expr, module: str) -> Value | None:
        """A constant expression (a type's set) by the explicit evaluator; None if it
        depends on the state."""
        return self._evaluate(e, module, constant_only=True)

    def require(self, fr: Frame, holds: Cond, span: Span, kind: str) -> None:
        """Record that `holds` must be valid wherever `fr`'s guard is."""
        if holds is not True:
            self.obligations.append(Obligation(holds, span, kind).assuming(fr.guard))

    def captured(self, compute: Callable[[], SymVal]) -> tuple[SymVal, tuple[Obligation, ...]]:
        """`compute()` (a translation under the guard True) and the obligations it
        recorded, taken out of the pending list to be reissued at each use."""
        start = len(self.obligations)
        value = compute()
        taken = tuple(self.obligations[start:])
        del self.obligations[start:]
        return value, taken

    def reissue(self, taken: tuple[Obligation, ...], fr: Frame) -> None:
        self.obligations.extend(o.assuming(fr.guard) for o in taken)

    def take_obligations(self) -> list[Obligation]:
        out, self.obligations = self.obligations, []
        return out
