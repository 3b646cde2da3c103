"""The expression-level IR: expressions with every name resolved once.

NOTE(expression-ir): `checker.ir.lower_expr` lowers a `checker.lang.ast` expression into
these nodes. What a name means is decided there, once, and nowhere else: a state variable
(`Var`), a CONSTANT (`Constant`), a name bound inside the expression (`Local`: a bound
variable, a value parameter, a LET definition of no parameters, each a `Binder` whose
identity is the object), a local operator (`Call` of a `LocalOp`), a definition of a
module (`Call` of a `Global`, its body lowered once per definition by
`ExprLowerer.definition`), a standard or community module's operator (`Call` of a
`Builtin`), or a name bound by the consumer around the expression (`Outer`, NOTE(outer-names)).
A consumer keeps one frame of values keyed by `Binder`s: since no two binders are the
same object, a frame never confuses two variables of one name (no capture, no shadowing
rules left to the consumers).

NOTE(outer-names): an expression read where its consumer has bound names (the action
IR's quantified variables and parameters, a PROPERTY part's unrolled `\\A`) is lowered
with those names as `Outer` references, looked up by name in the consumer's frame. They
are the seam between consumers that still bind by name and the IR; everything inside
the expression, and every definition's body, is resolved by identity.

Operator symbols (`OpApp`) are TLA+'s own and the standard modules' in scope
(NOTE(operator-nodes)); the prime is its own node (`Prime`), read by the consumer as a
switch to the next state.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from checker.diagnostics import Span
from checker.lang import ast
from checker.lang.symbols import Symbol
from checker.values import Value


@dataclass(frozen=True, eq=False, slots=True)
class Binder:
    """A name bound in an expression; two binders are the same only if the same object."""

    name: str
    span: Span


@dataclass(frozen=True, eq=False, slots=True)
class Expr:
    """`src`: the `checker.lang.ast` expression the node was lowered from (for printing,
    and for what still reads the source: ENABLED's action, refinement's fresh
    variables)."""

    span: Span
    src: Any = field(default=None, kw_only=True, repr=False)


# -- references -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, slots=True)
class Lit(Expr):
    """A value known from the text: a number, a string, TRUE, FALSE, BOOLEAN, STRING."""

    value: Value


@dataclass(frozen=True, eq=False, slots=True)
class Constant(Expr):
    """A CONSTANT of the spec (its value is the model's)."""

    name: str


@dataclass(frozen=True, eq=False, slots=True)
class Var(Expr):
    """A state variable, read in the state the consumer is in (`Prime` switches)."""

    name: str
    index: int


@dataclass(frozen=True, eq=False, slots=True)
class Local(Expr):
    binder: Binder


@dataclass(frozen=True, eq=False, slots=True)
class Outer(Expr):
    """A name the consumer binds around the expression (NOTE(outer-names))."""

    name: str


@dataclass(frozen=True, eq=False, slots=True)
class Prime(Expr):
    arg: Expr


# -- applications ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, slots=True)
class Global:
    """A module's definition (after the config's replacements)."""

    symbol: Symbol


@dataclass(frozen=True, eq=False, slots=True)
class LocalOp:
    """A LET operator with parameters, or an operator parameter (arity > 0)."""

    binder: Binder


@dataclass(frozen=True, eq=False, slots=True)
class Builtin:
    """A standard or community module's operator, evaluated natively."""

    symbol: Symbol


@dataclass(frozen=True, eq=False, slots=True)
class OuterOp:
    """An operator the consumer binds around the expression (NOTE(outer-names))."""

    name: str


Target = Global | LocalOp | Builtin | OuterOp


@dataclass(frozen=True, eq=False, slots=True)
class Call(Expr):
    """`name` or `name(args)` of a definition or operator; an argument for a parameter
    of arity > 0 is an `OpArg`."""

    name: str
    target: Target
    args: tuple[Expr, ...]


@dataclass(frozen=True, eq=False, slots=True)
class Lambda(Expr):
    """`LAMBDA x, y : body`: an operator argument."""

    params: tuple[Binder, ...]
    body: Expr


@dataclass(frozen=True, eq=False, slots=True)
class OpName(Expr):
    """An operator passed by its name for a parameter of arity > 0: `target` is None
    for TLA+'s and the standard modules' operator symbols (`F(+, 0)`) and for names that
    are no operator (refused where applied). `outer`: the name is also one the consumer
    may bind (NOTE(outer-names)); what the consumer binds, if an operator, comes first."""

    name: str
    target: Target | None
    outer: bool = False

    def local_key(self) -> Binder | str | None:
        """What a consumer's scope binds the operator under, if it may be a local one:
        its LET or parameter binder, or its name (an outer name); None: a global."""
        if isinstance(self.target, LocalOp):
            return self.target.binder
        return self.name if self.outer else None


OpArg = Lambda | OpName


@dataclass(frozen=True, eq=False, slots=True)
class OpApp(Expr):
    """An operator symbol applied: `a + b`, `x \\in S`, `~P`, `UNCHANGED v`, `ENABLED A`;
    a chain of one left-associative operator stays n-ary (NOTE(flat-chains))."""

    op: str
    args: tuple[Expr, ...]


# -- logic and control ----------------------------------------------------------------------


@dataclass(frozen=True, eq=False, slots=True)
class And(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True, eq=False, slots=True)
class Or(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True, eq=False, slots=True)
class If(Expr):
    cond: Expr
    then: Expr
    else_: Expr


@dataclass(frozen=True, eq=False, slots=True)
class Case(Expr):
    arms: tuple[tuple[Expr, Expr], ...]
    other: Expr | None


@dataclass(frozen=True, eq=False, slots=True)
class Param:
    binder: Binder
    arity: int


@dataclass(frozen=True, eq=False, slots=True)
class Bound:
    """`x \\in S`, `x, y \\in S`, `<<x, y>> \\in S`; `domain` None when unbounded."""

    span: Span
    binders: tuple[Binder, ...]
    is_tuple: bool
    domain: Expr | None


@dataclass(frozen=True, eq=False, slots=True)
class LetDef:
    """One LET definition: an operator (`params`, possibly none) or, with `bounds`, a
    function `f[x \\in S] == body`; `recursive` when its body may reach itself."""

    span: Span
    binder: Binder
    params: tuple[Param, ...]
    bounds: tuple[Bound, ...] | None
    body: Expr
    recursive: bool
    src: Any = field(default=None, kw_only=True, repr=False)  # the ast.OpDef or FuncDef


@dataclass(frozen=True, eq=False, slots=True)
class Let(Expr):
    """LET defs IN body: each definition sees every other (RECURSIVE ones too)."""

    defs: tuple[LetDef, ...]
    body: Expr


@dataclass(frozen=True, eq=False, slots=True)
class Quant(Expr):
    kind: str  # "A" | "E" ("AA"/"EE": temporal, refused by every evaluator)
    bounds: tuple[Bound, ...]
    body: Expr


@dataclass(frozen=True, eq=False, slots=True)
class Choose(Expr):
    bound: Bound
    body: Expr


# -- data -----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, slots=True)
class SetEnum(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True, eq=False, slots=True)
class SetFilter(Expr):
    bound: Bound
    pred: Expr


@dataclass(frozen=True, eq=False, slots=True)
class SetMap(Expr):
    expr: Expr
    bounds: tuple[Bound, ...]


@dataclass(frozen=True, eq=False, slots=True)
class FuncCons(Expr):
    bounds: tuple[Bound, ...]
    body: Expr


@dataclass(frozen=True, eq=False, slots=True)
class FuncSet(Expr):
    dom: Expr
    rng: Expr


@dataclass(frozen=True, eq=False, slots=True)
class FuncApp(Expr):
    func: Expr
    args: tuple[Expr, ...]


@dataclass(frozen=True, eq=False, slots=True)
class FieldAccess(Expr):
    expr: Expr
    name: str


@dataclass(frozen=True, eq=False, slots=True)
class Record(Expr):
    fields: tuple[tuple[str, Expr], ...]


@dataclass(frozen=True, eq=False, slots=True)
class RecordSet(Expr):
    fields: tuple[tuple[str, Expr], ...]


@dataclass(frozen=True, eq=False, slots=True)
class Tuple(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True, eq=False, slots=True)
class Field:
    """`.name` in an EXCEPT path."""

    span: Span
    name: str


@dataclass(frozen=True, eq=False, slots=True)
class Index:
    """`[a]` or `[a, b]` in an EXCEPT path."""

    span: Span
    args: tuple[Expr, ...]


@dataclass(frozen=True, eq=False, slots=True)
class Update:
    span: Span
    path: tuple[Field | Index, ...]
    value: Expr


@dataclass(frozen=True, eq=False, slots=True)
class Except(Expr):
    """`[f EXCEPT ![a] = v, ...]`; `@` in a value is `At`, the innermost EXCEPT's old
    value at that path."""

    func: Expr
    updates: tuple[Update, ...]


@dataclass(frozen=True, eq=False, slots=True)
class At(Expr):
    pass


# -- temporal and refused -------------------------------------------------------------------


@dataclass(frozen=True, eq=False, slots=True)
class ActionBox(Expr):
    """`[A]_v` (`angle` False) or `<<A>>_v`."""

    action: Expr
    sub: Expr
    angle: bool


@dataclass(frozen=True, eq=False, slots=True)
class Fairness(Expr):
    kind: str
    sub: Expr
    action: Expr


@dataclass(frozen=True, eq=False, slots=True)
class Unsupported(Expr):
    """A construct no evaluator takes; `what` names it for the refusal."""

    what: str


@dataclass(frozen=True, eq=False, slots=True)
class Refused(Expr):
    """A name or form that cannot be evaluated where it is (an unknown name, a LAMBDA
    outside an operator argument); `message` says so."""

    message: str


@dataclass(frozen=True, eq=False, slots=True)
class Definition:
    """A module's definition lowered once: an operator (`bounds` None) or a function
    `f[x \\in S] == body` (`bounds`; `params` empty), in its own module."""

    symbol: Symbol
    params: tuple[Param, ...]
    bounds: tuple[Bound, ...] | None
    body: Expr
    recursive: bool


# what `walk` does not follow: spans, the source, binders, calls' targets (symbols)
_NOT_NODES = frozenset({"span", "src", "binder", "binders", "target", "symbol"})


def walk(e: object) -> Iterator[object]:
    """Every node under `e` (binders, the source and calls' targets not followed)."""
    return ast.walk(e, _NOT_NODES)


def mentions(e: Expr, binder: Binder) -> bool:
    """Whether `e` reads the variable `binder` binds."""
    return any(isinstance(n, Local) and n.binder is binder for n in walk(e))
