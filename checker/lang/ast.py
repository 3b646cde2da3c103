"""The abstract syntax tree: frozen dataclasses, each with the source span it came from.

Analyses never mutate the tree; they return new values or side tables keyed by
`Span.key()`. Operators are normalised to their ASCII spelling (`\\in`, `/\\`, `=<` ...),
so `∈` and `\\in` give the same tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checker.diagnostics import Span

# ---------------------------------------------------------------------------------------
# Expressions


@dataclass(frozen=True, slots=True)
class Expr:
    span: Span


@dataclass(frozen=True, slots=True)
class Name(Expr):
    """A reference to a variable, constant, definition, parameter or bound variable."""

    name: str


@dataclass(frozen=True, slots=True)
class Apply(Expr):
    """An operator application `Op(a, b)` (user-defined or standard-module)."""

    name: str
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Num(Expr):
    value: int


@dataclass(frozen=True, slots=True)
class Str(Expr):
    value: str


@dataclass(frozen=True, slots=True)
class Bool(Expr):
    value: bool


@dataclass(frozen=True, slots=True)
class OpExpr(Expr):
    """A built-in prefix, infix or postfix operator: `\\in`, `+`, `~`, `'`, `SUBSET` ..."""

    op: str
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class And(Expr):
    """A conjunction (a junction list or an infix chain)."""

    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Or(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Bound:
    """`x, y \\in S` (each name ranges over S) or `<<x, y>> \\in S` (tuple pattern).

    `domain` is None for an unbounded binder (`\\A x : P`), which we refuse to evaluate.
    """

    span: Span
    names: tuple[str, ...]
    is_tuple: bool
    domain: Expr | None


@dataclass(frozen=True, slots=True)
class Quant(Expr):
    kind: str  # "A" or "E" (or "AA"/"EE" for temporal quantifiers, refused)
    bounds: tuple[Bound, ...]
    body: Expr


@dataclass(frozen=True, slots=True)
class Choose(Expr):
    bound: Bound
    body: Expr


@dataclass(frozen=True, slots=True)
class If(Expr):
    cond: Expr
    then: Expr
    else_: Expr


@dataclass(frozen=True, slots=True)
class Case(Expr):
    arms: tuple[tuple[Expr, Expr], ...]
    other: Expr | None


@dataclass(frozen=True, slots=True)
class Let(Expr):
    defs: tuple[Unit, ...]  # OpDef, FuncDef or Recursive
    body: Expr


@dataclass(frozen=True, slots=True)
class SetEnum(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class SetFilter(Expr):
    """`{x \\in S : P}`."""

    bound: Bound
    pred: Expr


@dataclass(frozen=True, slots=True)
class SetMap(Expr):
    """`{e : x \\in S, y \\in T}`."""

    expr: Expr
    bounds: tuple[Bound, ...]


@dataclass(frozen=True, slots=True)
class FuncCons(Expr):
    """`[x \\in S, y \\in T |-> e]`."""

    bounds: tuple[Bound, ...]
    body: Expr


@dataclass(frozen=True, slots=True)
class FuncSet(Expr):
    """`[S -> T]`."""

    dom: Expr
    rng: Expr


@dataclass(frozen=True, slots=True)
class FuncApp(Expr):
    """`f[a]` or `f[a, b]` (the latter applies f to the tuple <<a, b>>)."""

    func: Expr
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class FieldSel:
    span: Span
    name: str


@dataclass(frozen=True, slots=True)
class IndexSel:
    span: Span
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class ExceptUpdate:
    """One `![a].b = e` clause of an EXCEPT."""

    span: Span
    path: tuple[FieldSel | IndexSel, ...]
    value: Expr


@dataclass(frozen=True, slots=True)
class Except(Expr):
    func: Expr
    updates: tuple[ExceptUpdate, ...]


@dataclass(frozen=True, slots=True)
class At(Expr):
    """`@` inside an EXCEPT value: the old value at the updated path."""


@dataclass(frozen=True, slots=True)
class Record(Expr):
    fields: tuple[tuple[str, Expr], ...]


@dataclass(frozen=True, slots=True)
class RecordSet(Expr):
    fields: tuple[tuple[str, Expr], ...]


@dataclass(frozen=True, slots=True)
class FieldAccess(Expr):
    """`r.f`."""

    expr: Expr
    name: str


@dataclass(frozen=True, slots=True)
class Tuple(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class ActionBox(Expr):
    """`[A]_v` (angle=False) or `<<A>>_v` (angle=True)."""

    action: Expr
    sub: Expr
    angle: bool


@dataclass(frozen=True, slots=True)
class Fairness(Expr):
    """`WF_v(A)` or `SF_v(A)`: kept for later (liveness)."""

    kind: str
    sub: Expr
    action: Expr


@dataclass(frozen=True, slots=True)
class Lambda(Expr):
    """`LAMBDA x, y : e`: allowed only as an argument for an operator parameter."""

    params: tuple[str, ...]
    body: Expr


@dataclass(frozen=True, slots=True)
class RefPart:
    """One segment `N(a, b)` of an instance reference (`args` empty for `N`)."""

    span: Span
    name: str
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Selector:
    """One positional step of a sub-expression name: `!2` (`kind` "index", the operand
    `index`), `!:`, `!<<`, `!>>`, `!@` or `!(a, b)` (`kind` "args")."""

    span: Span
    kind: str
    index: int = 0
    args: tuple[Expr, ...] = ()


@dataclass(frozen=True, slots=True)
class InstanceRef(Expr):
    """`N!Op`, `N(a)!Op(b)`, `A!B!C`: a definition reached through named instances.

    Only the parser makes these; lang/instance.py replaces each by a Name or Apply of the
    expanded definition (`N!Op`, instance arguments first) before resolution.
    """

    parts: tuple[RefPart, ...]
    selectors: tuple[Selector, ...] = ()  # `Inv!2`: a part of the definition's body


@dataclass(frozen=True, slots=True)
class Unsupported(Expr):
    """A construct we parse only to refuse it clearly (LAMBDA, ^+, \\cdot ...)."""

    what: str


# ---------------------------------------------------------------------------------------
# Module units


@dataclass(frozen=True, slots=True)
class Param:
    span: Span
    name: str
    arity: int  # 0 for an ordinary parameter; > 0 for an operator parameter F(_, _)


@dataclass(frozen=True, slots=True)
class Unit:
    span: Span


# A definition made by expanding an INSTANCE (lang/instance.py) records where it came
# from: `origin` is (module, name) of the definition in the instantiated module (a config
# override of that definition applies to every instance's copy). Its standard operators
# were bound in that module before the expansion (stdops.py).


@dataclass(frozen=True, slots=True)
class OpDef(Unit):
    name: str
    params: tuple[Param, ...]
    body: Expr
    local: bool = False
    origin: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class FuncDef(Unit):
    """`f[x \\in S] == body`: a (possibly recursive) function definition."""

    name: str
    bounds: tuple[Bound, ...]
    body: Expr
    local: bool = False
    origin: tuple[str, str] | None = None


Definition = OpDef | FuncDef


@dataclass(frozen=True, slots=True)
class ConstantDecl(Unit):
    name: str
    arity: int


@dataclass(frozen=True, slots=True)
class VariableDecl(Unit):
    name: str


@dataclass(frozen=True, slots=True)
class Assume(Unit):
    """`ASSUME P`, `ASSUME Name == P`; an AXIOM is assumed but not checked (as TLC)."""

    expr: Expr
    name: str | None = None
    name_span: Span | None = None
    axiom: bool = False


@dataclass(frozen=True, slots=True)
class Recursive(Unit):
    name: str
    arity: int


@dataclass(frozen=True, slots=True)
class NewDecl:
    """`NEW x \\in S`, `CONSTANT F(_)`, `VARIABLE v`, `STATE f` ... in an ASSUME/PROVE."""

    span: Span
    kind: str  # "CONSTANT" | "VARIABLE" | "STATE" | "ACTION" | "TEMPORAL"
    name: str
    arity: int
    domain: Expr | None


@dataclass(frozen=True, slots=True)
class AssumeProve:
    """`ASSUME a, NEW x \\in S, ... PROVE goal`: a theorem's or a step's statement."""

    span: Span
    assumptions: tuple[Expr | NewDecl | AssumeProve, ...]
    goal: Expr


@dataclass(frozen=True, slots=True)
class Proof:
    """A proof, parsed and set aside: the checker neither resolves nor checks proofs."""

    span: Span


@dataclass(frozen=True, slots=True)
class Theorem(Unit):
    """`THEOREM P`, `LEMMA Name == ASSUME ... PROVE ...`, with its proof if any. A named
    theorem's name denotes its statement (as TLC evaluates it)."""

    statement: Expr | AssumeProve
    name: str | None = None
    name_span: Span | None = None
    proof: Proof | None = None


@dataclass(frozen=True, slots=True)
class Submodule(Unit):
    """A module written inside another, after the definitions it may use."""

    module: Module


@dataclass(frozen=True, slots=True)
class SubstLevel(Unit):
    """Left by INSTANCE expansion where the INSTANCE was: the expression substituted for
    the constant or variable `name` of `module` may be at most `most`-level (as SANY
    requires when that module has variables); the resolver checks it."""

    name: str
    module: str
    expr: Expr
    most: int


@dataclass(frozen=True, slots=True)
class UnsupportedUnit(Unit):
    what: str


@dataclass(frozen=True, slots=True)
class ModuleRef:
    span: Span
    name: str


@dataclass(frozen=True, slots=True)
class Substitution:
    """`c <- e` in an INSTANCE's WITH list (`e` may be a LAMBDA for an operator `c`)."""

    span: Span
    name: str
    expr: Expr


@dataclass(frozen=True, slots=True)
class Instance(Unit):
    """`INSTANCE M WITH ...` (name None) or `N(p) == INSTANCE M WITH ...`, maybe LOCAL.

    Expanded into ordinary definitions by lang/instance.py before resolution.
    """

    name: str | None
    params: tuple[Param, ...]
    module: ModuleRef
    substs: tuple[Substitution, ...]
    local: bool = False


@dataclass(frozen=True, slots=True)
class Module:
    span: Span
    name: str
    extends: tuple[ModuleRef, ...]
    units: tuple[Unit, ...]
    # standard modules brought into scope by unnamed INSTANCEs (set by lang/instance.py):
    # exported like EXTENDS, or (LOCAL INSTANCE) in scope here only
    instance_std: tuple[str, ...] = ()
    local_std: tuple[str, ...] = ()


def walk(e: object, skip: frozenset[str] = frozenset({"span"})) -> Iterator[object]:
    """Every node below `e` (and `e`), the fields named in `skip` (spans) left out,
    without recursion (deep specs)."""
    stack: list[object] = [e]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (list, tuple)):
            stack.extend(node)
        elif hasattr(node, "__dataclass_fields__"):
            stack.extend(getattr(node, f) for f in node.__dataclass_fields__ if f not in skip)


def mentions(e: object, name: str) -> bool:
    """Whether `name` occurs in `e` (TLA+ forbids shadowing, so any occurrence counts)."""
    return any(isinstance(n, (Name, Apply)) and n.name == name for n in walk(e))
